package io.lunglens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lunglens.model.Classifier;
import io.lunglens.training.DataFolders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainEvaluateCommandTest {

    @TempDir
    Path tmp;

    @Test
    void trainPrintsEpochsAndMetricsThenEvaluateScoresTheSameModel() throws Exception {
        Path data = tmp.resolve("data");
        Path model = tmp.resolve("models/tiny");
        String[] r = trainTiny(data, 20, 3, model, "--size", "64", "--epochs", "2", "--lr", "3e-3", "--positive", "lesion");
        String out = r[1];
        assertTrue(out.contains("Research use only — not a medical device"), out);
        // Blobs are not chest films: train names them before it starts, and keeps them unless told otherwise.
        assertTrue(out.contains("40 image(s) fail the frontal chest X-ray check (kept; --exclude-not-frontal leaves"
                + " them out):\n  not frontal: clear/"), out);
        assertTrue(out.contains("  ... and 20 more"), out);
        assertTrue(out.contains("clear = 20, lesion = 20 (positive: lesion) — synthetic phantoms"), out);
        assertTrue(out.contains("split 60/20/20 (seed 42): train 24, validation 8, test 8"), out);
        assertTrue(out.matches("(?s).*epoch +1/2 +train loss \\d\\.\\d{4} acc .*val loss .*"), out);
        assertTrue(out.matches("(?s).*epoch +2/2 .*"), out);
        assertTrue(out.contains("| ROC AUC |"), out);
        for (String f : List.of("model.json", "weights.f16.ndlist", "split.json", "report/report.md",
                "report/loss.png", "report/roc.png", "report/evaluation.json", "report/report.pdf")) {
            assertTrue(Files.isRegularFile(model.resolve(f)), "bundle holds " + f);
        }

        String card = Files.readString(model.resolve("model.json"));
        assertTrue(card.contains("\"command\" : \"lunglens train " + data), "the card records the exact command: " + card);

        Path csv = tmp.resolve("rows.csv");
        String[] e = InfoCommandTest.run("evaluate", data.toString(), "--model", model.toString(), "--csv", csv.toString(),
                "--ungated");
        assertEquals("0", e[0], e[1] + e[2]);
        assertTrue(e[1].contains("(trained on synthetic phantoms)"), e[1]);
        assertTrue(e[1].contains("| images | 40 |"), e[1]);
        List<String> lines = Files.readAllLines(csv);
        assertEquals(41, lines.size());
        assertEquals("file,label,predicted,p_positive_raw,p_positive_calibrated,occlusion_mass_in_lungs,gradcam_mass_in_lungs", lines.get(0));

        // The model's own test split, read back from its manifest, scores exactly as training reported.
        String[] t = InfoCommandTest.run("evaluate", data.toString(), "--model", model.toString(), "--test-split");
        assertEquals("0", t[0], t[1] + t[2]);
        assertTrue(t[1].contains("| images | 8 |"), t[1]);
        assertEquals(tableLines(out), tableLines(t[1]));

        String[] rec = InfoCommandTest.run("evaluate", data.toString(), "--model", model.toString(),
                "--record-in-card", "otherPhantoms", "--ungated");
        assertEquals("0", rec[0], rec[1] + rec[2]);
        try (Classifier c = Classifier.load(model)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) c.card().testMetrics().get("otherPhantoms");
            assertEquals(40, ((Number) m.get("images")).intValue());
            assertTrue(m.containsKey("accuracy") && c.card().testMetrics().containsKey("auc"), String.valueOf(m));
        }
    }

    /** Writes blob phantoms (perClass per class, seeded) and trains the tiny network on them, 60/20/20. */
    @Test
    void excludeNotFrontalLeavesThemOutAndSaysSoWhenNothingIsLeft() throws Exception {
        Path data = tmp.resolve("blobs");
        DataFolders.writeBlobs(data, 6, 2);
        String[] r = InfoCommandTest.run("train", data.toString(), "--arch", "tiny-resnet-lstm", "--out",
                tmp.resolve("none").toString(), "--exclude-not-frontal");
        assertEquals("2", r[0], r[1] + r[2]);
        assertEquals(1, r[2].strip().lines().count(), r[2]);
        assertTrue(r[2].contains("has no images left that pass the frontal chest X-ray check"), r[2]);
        assertTrue(r[1].contains("12 image(s) fail the frontal chest X-ray check and are left out:"), r[1]);
        assertFalse(Files.exists(tmp.resolve("none")));
    }

    private static String[] trainTiny(Path data, int perClass, long seed, Path model, String... args) throws Exception {
        DataFolders.writeBlobs(data, perClass, seed);
        List<String> all = new ArrayList<>(List.of("train", data.toString(), "--arch", "tiny-resnet-lstm",
                "--split", "60/20/20", "--out", model.toString(), "--synthetic"));
        all.addAll(List.of(args));
        String[] r = InfoCommandTest.run(all.toArray(String[]::new));
        assertEquals("0", r[0], r[1] + r[2]);
        return r;
    }

    private static List<String> tableLines(String out) {
        return out.lines().filter(l -> l.startsWith("| ")).toList();
    }

    @Test
    void testSplitRefusesAFileChangedSinceTraining() throws Exception {
        Path data = tmp.resolve("data");
        Path model = tmp.resolve("m");
        trainTiny(data, 10, 4, model, "--size", "32", "--epochs", "1");
        String first = new ObjectMapper().readTree(model.resolve("split.json").toFile())
                .path("test").get(0).path("file").asText();
        Path changed = data.resolve(first);
        Files.write(changed, Files.readAllBytes(changed), StandardOpenOption.APPEND);
        String[] e = InfoCommandTest.run("evaluate", data.toString(), "--model", model.toString(), "--test-split");
        assertEquals("2", e[0], e[1] + e[2]);
        assertEquals(1, e[2].strip().lines().count(), e[2]);
        assertTrue(e[2].contains(changed.toString()) && e[2].contains("changed since the split was made"), e[2]);

        String[] none = InfoCommandTest.run("evaluate", data.toString(), "--model", tmp.resolve("nothing").toString(),
                "--test-split");
        assertEquals("2", none[0]);
        assertTrue(none[2].startsWith("lunglens evaluate: "), none[2]);
    }

    @Test
    void badFoldersAndArgumentsGetOneLineReasons() throws Exception {
        Path one = tmp.resolve("one");
        DataFolders.writeImages(one.resolve("covid"), 5, 1);
        String[] r = InfoCommandTest.run("train", one.toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].strip().matches("lunglens train: .*needs at least 2 classes.*"), r[2]);
        assertEquals(1, r[2].strip().lines().count());

        Path few = tmp.resolve("few");
        DataFolders.writeImages(few.resolve("covid"), 4, 1);
        DataFolders.writeImages(few.resolve("normal"), 4, 2);
        r = InfoCommandTest.run("train", few.toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("too few for a 80/10/10 split"), r[2]);

        r = InfoCommandTest.run("train", few.toString(), "--split", "50/50");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("split must be"), r[2]);

        Files.createDirectories(tmp.resolve("empty"));
        r = InfoCommandTest.run("train", tmp.resolve("empty").toString());
        assertTrue(r[2].contains("no class subfolders"), r[2]);
    }
}
