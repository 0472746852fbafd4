package io.lunglens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lunglens.model.Architecture;
import io.lunglens.model.ModelBundle;
import io.lunglens.model.ModelCard;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictCommandTest {

    @TempDir
    static Path tmp;
    private static Path bundle;

    @BeforeAll
    static void saveTinyBundle() throws Exception {
        bundle = tmp.resolve("tiny");
        try (ModelBundle b = ModelBundle.fresh(ModelCard.draft("tiny", Architecture.TINY, 64, true))) {
            ModelBundle.save(bundle, b.network(), b.card());
        }
    }

    @Test
    void verdictLinesOverlaysAndFailuresThatDoNotStopTheRest() throws Exception {
        Path bad = tmp.resolve("broken.png");
        Files.writeString(bad, "not a png at all");
        Path cams = tmp.resolve("cams");
        CliRun r = CliRun.of("predict", "--model", bundle.toString(), "--gradcam", cams.toString(),
                "assets/samples/covid/hann_0a7faa2a.png", bad.toString(), "assets/samples/normal");
        assertEquals(1, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).contains("Research use only — not a medical device"), lines.get(0));
        assertTrue(lines.get(0).contains("synthetic"), lines.get(0));
        List<String> verdicts = lines.subList(1, lines.size());
        assertEquals(6, verdicts.size(), r.out());
        for (String v : verdicts) {
            assertTrue(v.matches(".*\\.png  (Normal|COVID-19)  p\\(COVID-19\\)=[01]\\.\\d\\d  model=tiny \\(synthetic phantoms\\)  \\d+ ms  gradcam=.*"), v);
        }
        assertTrue(r.err().contains("broken.png"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        BufferedImage overlay = ImageIO.read(cams.resolve("hann_0a7faa2a_gradcam.png").toFile());
        BufferedImage source = ImageIO.read(Path.of("assets/samples/covid/hann_0a7faa2a.png").toFile());
        assertEquals(source.getWidth(), overlay.getWidth());
        assertEquals(source.getHeight(), overlay.getHeight());
        try (var files = Files.list(cams)) {
            assertEquals(6, files.count());
        }
    }

    @Test
    void theGateStandsInPlaceOfTheVerdictWithoutChangingTheExitCode() throws Exception {
        String screenshot = "docs/screenshots/retrain.png";
        String film = "assets/samples/normal/nih_00001280_004.png";
        CliRun j = CliRun.of("predict", "--json", "--model", bundle.toString(), screenshot, film);
        assertEquals(0, j.code(), j.err());
        JsonNode results = new ObjectMapper().readTree(j.out()).get("results");
        JsonNode refused = results.get(0).get("gate");
        assertEquals(List.of("frontalChestXray", "frontalScore", "inTrainingDomain", "domainScore", "reason"),
                iterate(refused.fieldNames()));
        assertFalse(refused.get("frontalChestXray").asBoolean(), refused.toString());
        double score = refused.get("frontalScore").asDouble();
        assertTrue(score >= 0 && score <= 1, refused.toString());
        // A fresh bundle carries no description of its training data: that check cannot refuse.
        assertTrue(refused.get("inTrainingDomain").asBoolean());
        assertTrue(refused.get("domainScore").isNull());
        assertTrue(refused.get("reason").asText().contains("does not look like a frontal chest X-ray"), refused.toString());
        JsonNode passed = results.get(1).get("gate");
        assertTrue(passed.get("frontalChestXray").asBoolean(), passed.toString());
        assertTrue(passed.get("frontalScore").asDouble() > score, passed.toString());

        CliRun text = CliRun.of("predict", "--model", bundle.toString(), screenshot, film);
        assertEquals(0, text.code(), text.err());
        List<String> lines = text.out().lines().toList();
        assertTrue(lines.get(1).contains("retrain.png  NOT A FRONTAL CHEST X-RAY (frontal 0."), lines.get(1));
        assertFalse(lines.get(1).contains("p(COVID-19)"), "no verdict for a refused image: " + lines.get(1));
        assertTrue(lines.get(2).matches(".*nih_00001280_004\\.png  (Normal|COVID-19)  p\\(COVID-19\\)=.*"), lines.get(2));
        CliRun anyway = CliRun.of("predict", "--show-gated", "--model", bundle.toString(), screenshot);
        assertTrue(anyway.out().lines().anyMatch(l -> l.contains("NOT A FRONTAL CHEST X-RAY")
                && l.contains("unreliable: ") && l.contains("p(COVID-19)=")), anyway.out());
    }

    private static List<String> iterate(Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    @Test
    void jsonOutput() throws Exception {
        CliRun r = CliRun.of("predict", "--json", "--model", bundle.toString(), "assets/samples/normal/nih_00001280_004.png",
                "missing.png");
        assertEquals(1, r.code());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertEquals("Research use only — not a medical device", doc.get("intendedUse").asText());
        assertTrue(doc.get("synthetic").asBoolean());
        JsonNode ok = doc.get("results").get(0);
        double p = ok.get("probabilities").get("COVID-19").asDouble() + ok.get("probabilities").get("Normal").asDouble();
        assertEquals(1.0, p, 1e-9);
        assertEquals(ok.get("positiveProbability").asDouble(), ok.get("probabilities").get("COVID-19").asDouble());
        assertTrue(doc.get("results").get(1).get("error").asText().contains("missing.png"));
    }

    @Test
    void occlusionOverlayAndEvidenceInTheLungs() throws Exception {
        Path dir = tmp.resolve("occlusion");
        String sample = "assets/samples/normal/nih_00001280_004.png";
        CliRun r = CliRun.of("predict", "--json", "--model", bundle.toString(), "--occlusion", dir.toString(), sample);
        assertEquals(0, r.code(), r.err());
        JsonNode ok = new ObjectMapper().readTree(r.out()).get("results").get(0);
        BufferedImage overlay = ImageIO.read(Path.of(ok.get("occlusion").asText()).toFile());
        BufferedImage source = ImageIO.read(Path.of(sample).toFile());
        assertEquals(source.getWidth(), overlay.getWidth());
        JsonNode inside = ok.get("evidenceInLungs");
        // An untrained network may leave nothing to hide (an empty map); then the share is null and no flag is set.
        if (inside.isNull()) {
            assertFalse(ok.get("shortcutSuspected").asBoolean());
        } else {
            assertTrue(inside.asDouble() >= 0 && inside.asDouble() <= 1, inside.toString());
            assertEquals(inside.asDouble() < 0.5, ok.get("shortcutSuspected").asBoolean());
        }

        CliRun text = CliRun.of("predict", "--model", bundle.toString(), "--occlusion", dir.toString(), sample);
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().lines().skip(1).findFirst().orElseThrow()
                .matches(".*  occlusion=.*_occlusion\\.png  (\\d+% of evidence in lungs.*|lungs not found)"), text.out());
    }

    @Test
    void overlaysOfSameNamedFilesInDifferentFoldersKeepApart() throws Exception {
        Path a = Files.createDirectories(tmp.resolve("same/a")).resolve("x.png");
        Path b = Files.createDirectories(tmp.resolve("same/b")).resolve("x.png");
        Files.copy(Path.of("assets/samples/covid/hann_0a7faa2a.png"), a);
        Files.copy(Path.of("assets/samples/normal/nih_00001280_004.png"), b);
        Path cams = tmp.resolve("same-cams");
        Path occ = tmp.resolve("same-occlusion");
        CliRun r = CliRun.of("predict", "--json", "--model", bundle.toString(), "--gradcam", cams.toString(),
                "--occlusion", occ.toString(), a.toString(), b.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode results = new ObjectMapper().readTree(r.out()).get("results");
        for (String kind : List.of("gradcam", "occlusion")) {
            Path first = Path.of(results.get(0).get(kind).asText());
            Path second = Path.of(results.get(1).get(kind).asText());
            assertTrue(first.getFileName().toString().startsWith("x") && second.getFileName().toString().startsWith("x"),
                    first + " " + second);
            // Each overlay is its own source's: the two samples differ in size.
            assertEquals(ImageIO.read(a.toFile()).getWidth(), ImageIO.read(first.toFile()).getWidth(), kind);
            assertEquals(ImageIO.read(b.toFile()).getWidth(), ImageIO.read(second.toFile()).getWidth(), kind);
            try (var files = Files.list(first.getParent())) {
                assertEquals(2, files.count(), kind);
            }
        }
    }

    @Test
    void unusableModelIsOneLine() {
        CliRun r = CliRun.of("predict", "--model", tmp.resolve("nothing-here").toString(), "x.png");
        assertEquals(2, r.code());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("nothing-here"), r.err());
    }
}
