package io.lunglens.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunglens.imaging.XrayImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelBundleTest {

    @TempDir
    Path tmp;

    private final XrayImage image = TestImages.withSquare(90, new Random(8), 30, 30, 25);

    @Test
    void fullModelRoundTripIsHalfSizeAndKeepsLogits() throws Exception {
        Path dir = tmp.resolve("full");
        float[] before;
        ModelCard card = ModelCard.draft("full", Architecture.RESNET50_LSTM, 224, true)
                .withTraining(Map.of("splitSeed", 42, "images", Map.of("Normal", 10, "COVID-19", 10)))
                .withTestMetrics(Map.of("accuracy", 0.5));
        // Seeded: float16 rounding moves an untrained ResNet50's logits by a few hundredths, more for some draws.
        EngineBootstrap.engine().setRandomSeed(3);
        try (Classifier c = new Classifier(ModelBundle.fresh(card))) {
            before = c.predict(image).logits();
            ModelCard saved = ModelBundle.save(dir, c.bundle().network(), card);
            assertEquals(64, saved.weightsSha256().length());
        }
        long bytes = Files.size(dir.resolve(ModelBundle.WEIGHTS_FILE));
        assertTrue(bytes > 51_000_000 && bytes < 53_000_000, "float16 weights of 25.9M values: " + bytes);
        try (Classifier c = Classifier.load(dir)) {
            assertArrayEquals(before, c.predict(image).logits(), 0.02f);
            assertEquals(42, c.card().training().get("splitSeed"));
            assertEquals(ModelCard.INTENDED_USE, c.card().intendedUse());
            assertTrue(c.card().synthetic());
        }
    }

    @Test
    void cardRecordsEveryPreprocessingChoice() throws Exception {
        Path dir = saveTiny("tiny");
        String json = Files.readString(dir.resolve(ModelBundle.CARD_FILE));
        for (String key : List.of("\"resize\"", "\"range\"", "\"invertMonochrome1\"", "\"mean\"", "\"std\"",
                "\"inputSize\"", "\"architecture\"", "\"classes\"", "\"positiveClass\"", "\"calibrationTemperature\"",
                "\"training\"", "\"testMetrics\"", "\"intendedUse\"", "\"synthetic\"", "\"weightsSha256\"",
                "\"createdAt\"", "\"version\"")) {
            assertTrue(json.contains(key), key + " missing from " + json);
        }
        assertTrue(json.contains("Research use only — not a medical device"));
    }

    private Path saveTiny(String name) throws ModelBundleException {
        Path dir = tmp.resolve(name);
        try (ModelBundle b = ModelBundle.fresh(TestImages.tinyCard(name, 64))) {
            ModelBundle.save(dir, b.network(), b.card());
        }
        return dir;
    }

    private static String loadError(Path dir) {
        ModelBundleException e = assertThrows(ModelBundleException.class, () -> ModelBundle.load(dir).close());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
        return e.getMessage();
    }

    @Test
    void changedWeightsFailTheChecksum() throws Exception {
        Path dir = saveTiny("flip");
        Path w = dir.resolve(ModelBundle.WEIGHTS_FILE);
        byte[] b = Files.readAllBytes(w);
        b[b.length / 2] ^= 0x10;
        Files.write(w, b);
        assertTrue(loadError(dir).contains("checksum mismatch"));
    }

    @Test
    void truncatedWeightsFail() throws Exception {
        Path dir = saveTiny("cut");
        Path w = dir.resolve(ModelBundle.WEIGHTS_FILE);
        byte[] b = Files.readAllBytes(w);
        Files.write(w, Arrays.copyOf(b, b.length / 3));
        assertTrue(loadError(dir).contains("checksum mismatch"));
        Files.delete(w);
        assertTrue(loadError(dir).contains("missing"));
    }

    @Test
    void missingOrGarbageCardFails() throws Exception {
        Path dir = saveTiny("card");
        Path card = dir.resolve(ModelBundle.CARD_FILE);
        String good = Files.readString(card);
        Files.writeString(card, "{ \"name\": \"x\", garbage");
        assertTrue(loadError(dir).contains("not a valid model card"));
        Files.writeString(card, good.replace("tiny-resnet-lstm", "vgg99"));
        assertTrue(loadError(dir).contains("unknown architecture"));
        Files.writeString(card, good.replace("window-else-bit-depth", "percentile"));
        assertTrue(loadError(dir).contains("preprocessing"));
        Files.delete(card);
        assertTrue(loadError(dir).contains("no model.json"));
        assertTrue(loadError(tmp.resolve("nowhere")).contains("no such folder"));
    }

    @Test
    void weightsOfAnotherArchitectureAreRefused() throws Exception {
        Path dir = saveTiny("swap");
        Path card = dir.resolve(ModelBundle.CARD_FILE);
        // A consistent card and checksum, but the weights do not fit the named architecture.
        Files.writeString(card, Files.readString(card).replace("tiny-resnet-lstm", "resnet50-lstm"));
        assertTrue(loadError(dir).contains("needs"));
    }

    @Test
    void failedSaveLeavesThePreviousBundleIntact() throws Exception {
        Path dir = tmp.resolve("keep");
        float[] first;
        try (Classifier c = new Classifier(ModelBundle.fresh(TestImages.tinyCard("keep", 64)))) {
            ModelBundle.save(dir, c.bundle().network(), c.card());
        }
        try (Classifier c = Classifier.load(dir)) {
            first = c.predict(image).logits();
        }
        String savedCard = Files.readString(dir.resolve(ModelBundle.CARD_FILE));
        try (ModelBundle other = ModelBundle.fresh(TestImages.tinyCard("keep", 64))) {
            // Jackson cannot write a self-referencing object: the save fails after the weights are written.
            ModelCard bad = other.card().withTraining(Map.of("x", new Object() {
                public Object getSelf() {
                    return this;
                }
            }));
            ModelBundleException e = assertThrows(ModelBundleException.class,
                    () -> ModelBundle.save(dir, other.network(), bad));
            assertTrue(e.getMessage().startsWith("model bundle "), e.getMessage());
        }
        assertEquals(savedCard, Files.readString(dir.resolve(ModelBundle.CARD_FILE)));
        try (Classifier c = Classifier.load(dir)) {
            assertArrayEquals(first, c.predict(image).logits(), 1e-6f);
        }
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of("keep"), left.map(p -> p.getFileName().toString()).toList(), "no temporaries left");
        }
    }

    @Test
    void savingOverABundleReplacesIt() throws IOException, ModelBundleException {
        Path dir = saveTiny("over");
        try (ModelBundle b = ModelBundle.fresh(TestImages.tinyCard("over", 64).withVersion("2"))) {
            ModelBundle.save(dir, b.network(), b.card());
        }
        assertEquals("2", ModelBundle.readCard(dir).version());
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(1, left.count());
        }
    }
}
