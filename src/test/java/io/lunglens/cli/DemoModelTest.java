package io.lunglens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lunglens.model.ModelBundle;
import io.lunglens.model.ModelCard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped demo model as a new user meets it: `lunglens predict` with no --model, on every shipped sample. */
class DemoModelTest {

    @TempDir
    Path home;
    private String oldHome;

    @BeforeEach
    void freshHome() {
        // No user models and no remembered choice: the default must be the shipped demo.
        oldHome = System.getProperty("lunglens.home");
        System.setProperty("lunglens.home", home.toString());
    }

    @AfterEach
    void restoreHome() {
        if (oldHome == null) {
            System.clearProperty("lunglens.home");
        } else {
            System.setProperty("lunglens.home", oldHome);
        }
    }

    @Test
    void predictWithoutModelSaysItIsSyntheticAndRealFilmsLieOutsideItsTrainingData() throws Exception {
        List<Path> samples;
        try (Stream<Path> s = Files.walk(Path.of("assets/samples"))) {
            samples = s.filter(f -> f.toString().endsWith(".png")).sorted().toList();
        }
        assertEquals(16, samples.size());
        String[] args = Stream.concat(Stream.of("predict", "--json"), samples.stream().map(Path::toString))
                .toArray(String[]::new);
        CliRun r = CliRun.of(args);
        assertEquals(0, r.code(), r.err());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertTrue(doc.get("synthetic").asBoolean());
        assertTrue(doc.get("model").asText().startsWith("demo"), doc.get("model").asText());
        JsonNode results = doc.get("results");
        assertEquals(samples.size(), results.size(), r.out());
        for (JsonNode n : results) {
            assertTrue(List.of("COVID", "Normal").contains(n.path("label").asText()), n.toString());
            double p = n.get("positiveProbability").asDouble();
            assertTrue(p >= 0 && p <= 1, n.toString());
            JsonNode gate = n.get("gate");
            boolean phantom = n.get("file").asText().contains("phantoms");
            // Every sample is a frontal film; only the phantoms are what the demo model has seen.
            assertTrue(gate.get("frontalChestXray").asBoolean(), n.toString());
            assertEquals(phantom, gate.get("inTrainingDomain").asBoolean(), n.toString());
            assertEquals(phantom, gate.get("domainScore").asDouble() <= 1, n.toString());
            if (!phantom) {
                assertTrue(gate.get("reason").asText().contains("outside what model demo v1 was trained on:"
                        + " synthetic phantoms"), n.toString());
            }
        }
    }

    @Test
    void demoCardRecordsHowItWasMadeAndHowWellItDoes() throws Exception {
        ModelCard card = ModelBundle.readCard(Path.of("models/demo"));
        assertTrue(card.synthetic());
        assertEquals("resnet50-lstm", card.architecture());
        assertEquals(224, card.inputSize());
        assertEquals(ModelCard.INTENDED_USE, card.intendedUse());
        Map<String, Object> t = card.training();
        assertTrue(String.valueOf(t.get("command")).startsWith("lunglens train "), String.valueOf(t.get("command")));
        assertEquals(1000, ((Number) t.get("trainImages")).intValue() + ((Number) t.get("validationImages")).intValue()
                + ((Number) t.get("testImages")).intValue());
        @SuppressWarnings("unchecked")
        Map<String, Object> fresh = (Map<String, Object>) card.testMetrics().get("freshPhantoms");
        assertTrue(fresh != null && ((Number) fresh.get("images")).intValue() == 200, String.valueOf(card.testMetrics()));
        assertTrue(card.testMetrics().containsKey("accuracy"));
    }

    /**
     * The per-image shortcut check on the demo model: on phantoms like those it learned from, its evidence lies mostly
     * in the lungs; on a real radiograph, which it has never seen the like of, mostly outside, and it is flagged.
     * The thorough check (8x8 occlusion): the fast lung-field check puts this film's evidence in the lungs (0.997).
     */
    @Test
    void occlusionEvidenceIsInTheLungsOnPhantomsAndFlaggedOnARealRadiograph() throws Exception {
        CliRun r = CliRun.of("predict", "--json", "--check", "thorough", "--occlusion", home.resolve("maps").toString(),
                "assets/samples/phantoms/COVID/images/COVID-1.png", "assets/samples/phantoms/Normal/images/Normal-1.png",
                "assets/samples/covid/hann_0a7faa2a.png");
        assertEquals(0, r.code(), r.err());
        JsonNode results = new ObjectMapper().readTree(r.out()).get("results");
        for (int i = 0; i < 2; i++) {
            JsonNode phantom = results.get(i);
            assertTrue(phantom.get("evidenceInLungs").asDouble() > 0.55, phantom.toString());
            assertEquals(false, phantom.get("shortcutSuspected").asBoolean(), phantom.toString());
        }
        JsonNode real = results.get(2);
        assertTrue(real.get("evidenceInLungs").asDouble() < 0.3, real.toString());
        assertTrue(real.get("shortcutSuspected").asBoolean(), real.toString());
        assertTrue(Files.isRegularFile(home.resolve("maps/COVID-1_occlusion.png")));
    }
}
