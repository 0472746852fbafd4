package io.lunglens.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.lunglens.imaging.ModelInput;
import io.lunglens.imaging.XrayImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training-domain description on the real engine: fitting, scoring, the bundle round trip, tampering, leaks. */
class TrainingDomainTest {

    @TempDir
    Path tmp;

    static List<XrayImage> images(int n, long seed) {
        Random rnd = new Random(seed);
        List<XrayImage> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(TestImages.withSquare(80, rnd, rnd.nextInt(40), 40 + rnd.nextInt(20), 20));
        }
        return out;
    }

    static float[][] features(Classifier c, List<XrayImage> images) {
        int size = c.card().inputSize();
        float[] planes = new float[images.size() * size * size];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(ModelInput.toTensorData(images.get(i), size), 0, planes, i * size * size, size * size);
        }
        return c.pooledFeatures(planes, images.size());
    }

    static TrainingDomain fit(Classifier c) {
        return TrainingDomain.fit(List.<float[][]>of(features(c, images(24, 1))).iterator(),
                List.<float[][]>of(features(c, images(12, 2))).iterator(), Architecture.TINY.stageChannels(), "test squares");
    }

    /** A saved tiny bundle with its description, as the trainer writes it. */
    Path savedWithDomain(String name) throws Exception {
        Path dir = tmp.resolve(name);
        try (Classifier c = new Classifier(ModelBundle.fresh(TestImages.tinyCard(name, 64)))) {
            TrainingDomain d = fit(c);
            byte[] json = d.toJson();
            Map<String, Object> training = new LinkedHashMap<>(c.card().training());
            training.put(TrainingDomain.CARD_KEY, d.summary(json));
            ModelBundle.save(dir, c.bundle().network(), c.card().withTraining(training),
                    Map.of(TrainingDomain.FILE, json));
        }
        return dir;
    }

    @Test
    void pooledFeaturesHaveOneValuePerStageChannel() {
        try (Classifier c = new Classifier(ModelBundle.fresh(TestImages.tinyCard("t", 64)))) {
            float[][] f = features(c, images(3, 5));
            assertEquals(3, f.length);
            assertEquals(32 + 64 + 128 + 256, f[0].length);
            assertArrayEquals(features(c, List.of(images(3, 5).get(1)))[0], f[1], 1e-4f, "batching changes nothing");
        }
    }

    @Test
    void savedBundleKeepsItsDescriptionAndEveryPredictionCarriesItsScore() throws Exception {
        Path dir = savedWithDomain("kept");
        XrayImage img = images(1, 9).get(0);
        try (Classifier c = Classifier.load(dir)) {
            TrainingDomain d = c.bundle().domain();
            assertNotNull(d);
            assertEquals(24, d.images());
            assertEquals(12, d.validationImages());
            assertArrayEquals(Architecture.TINY.stageChannels(), d.parts());
            Map<?, ?> summary = (Map<?, ?>) c.card().training().get(TrainingDomain.CARD_KEY);
            assertEquals(d.threshold(), ((Number) summary.get("threshold")).doubleValue(), 1e-12);
            assertEquals("test squares", summary.get("fittedOn"));

            Prediction p = c.predict(img);
            assertTrue(p.hasDomainScore());
            assertEquals(d.score(features(c, List.of(img))[0]), p.domainScore(), 1e-6 * p.domainScore());
            assertEquals(p.domainScore(), c.explain(img).prediction().domainScore(), 1e-4 * p.domainScore());
            assertEquals(p.domainScore(), Occlusion.explain(c, img, -1).prediction().domainScore(), 1e-9);
            // Backbone and head run apart now: the logits are still the whole network's.
            try (NDManager scope = c.bundle().model().getNDManager().newSubManager()) {
                float[] direct = c.bundle().network().forward(new ParameterStore(scope, false),
                        new NDList(InputTensor.of(scope, c.card(), List.of(img))), false).singletonOrThrow()
                        .toFloatArray();
                assertArrayEquals(direct, p.logits(), 1e-5f);
            }
            // The validation images set the threshold at their 99th percentile: nearly all are inside.
            long inside = c.predictBatch(images(12, 2)).stream().filter(Prediction::inTrainingDomain).count();
            assertTrue(inside >= 11, inside + " of 12 validation images inside");
        }
    }

    @Test
    void aBundleWithoutDescriptionLoadsAsBeforeWithNaNScores() throws Exception {
        Path dir = tmp.resolve("plain");
        try (ModelBundle b = ModelBundle.fresh(TestImages.tinyCard("plain", 64))) {
            ModelBundle.save(dir, b.network(), b.card());
        }
        try (Classifier c = Classifier.load(dir)) {
            assertNull(c.bundle().domain());
            Prediction p = c.predict(images(1, 3).get(0));
            assertFalse(p.hasDomainScore());
            assertTrue(p.inTrainingDomain());
        }
    }

    @Test
    void aCorruptedMissingOrForeignDescriptionFailsTheLoadInOneLine() throws Exception {
        Path dir = savedWithDomain("tampered");
        Path file = dir.resolve(TrainingDomain.FILE);
        String good = Files.readString(file);
        // One digit changed: still valid JSON, but not the description the card names.
        int at = good.indexOf("\"threshold\":") + "\"threshold\":".length();
        char digit = good.charAt(at) == '9' ? '8' : (char) (good.charAt(at) + 1);
        Files.writeString(file, good.substring(0, at) + digit + good.substring(at + 1));
        assertLoadFails(dir, "domain.json checksum mismatch");

        Files.delete(file);
        assertLoadFails(dir, "domain.json is missing");

        // Another model's description, put beside these weights.
        Path other = savedWithDomain("other");
        Files.copy(other.resolve(TrainingDomain.FILE), file);
        assertLoadFails(dir, "domain.json checksum mismatch");

        // The card pins a file that is not a description at all.
        byte[] junk = "{\"format\":\"something else\"}".getBytes(StandardCharsets.UTF_8);
        Files.write(file, junk);
        ModelCard card = ModelBundle.readCard(dir);
        Map<String, Object> training = new LinkedHashMap<>(card.training());
        Map<String, Object> summary = new LinkedHashMap<>((Map<String, Object>) training.get(TrainingDomain.CARD_KEY));
        summary.put("sha256", TrainingDomain.sha256(junk));
        training.put(TrainingDomain.CARD_KEY, summary);
        ModelBundle.rewriteCard(dir, card.withTraining(training));
        assertLoadFails(dir, "not a lunglens-training-domain/1 description");

        Files.writeString(file, good);
        training.put(TrainingDomain.CARD_KEY, Map.of("sha256", TrainingDomain.sha256(good.getBytes(StandardCharsets.UTF_8))));
        ModelBundle.rewriteCard(dir, card.withTraining(training));
        try (Classifier c = Classifier.load(dir)) {
            assertNotNull(c.bundle().domain(), "restored, it loads again");
        }
    }

    private static void assertLoadFails(Path dir, String expected) {
        ModelBundleException e = assertThrows(ModelBundleException.class, () -> Classifier.load(dir).close());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    @Test
    void jsonRoundTripGivesTheSameScores() {
        try (Classifier c = new Classifier(ModelBundle.fresh(TestImages.tinyCard("t", 64)))) {
            TrainingDomain d = fit(c);
            TrainingDomain back = TrainingDomain.fromJson(d.toJson());
            for (float[] f : features(c, images(5, 11))) {
                assertEquals(d.score(f), back.score(f), 1e-5 * d.score(f));
            }
            assertEquals(d.threshold(), back.threshold());
        }
        assertThrows(IllegalArgumentException.class, () -> TrainingDomain.fromJson("[1,2".getBytes()));
    }

    /** Data spread along one known direction: the fit finds it, and a point far along another direction is out. */
    @Test
    void fitFindsTheMainDirectionAndFlagsAnOutlier() {
        Random rnd = new Random(4);
        int dims = 40;
        List<float[]> train = new ArrayList<>();
        List<float[]> val = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            float[] x = new float[dims];
            for (int j = 0; j < dims; j++) {
                x[j] = (float) (0.1 * rnd.nextGaussian());
            }
            x[3] += (float) (5 * rnd.nextGaussian());
            (i < 200 ? train : val).add(x);
        }
        TrainingDomain d = TrainingDomain.fit(List.<float[][]>of(train.toArray(float[][]::new)).iterator(),
                List.<float[][]>of(val.toArray(float[][]::new)).iterator(), new int[] {dims}, "gaussian");
        float[] along = new float[dims];
        along[3] = 10; // two standard deviations along the main direction: inside
        float[] across = new float[dims];
        across[7] = 3; // thirty standard deviations across it: outside
        assertTrue(d.score(along) < 1, "along: " + d.score(along));
        assertTrue(d.score(across) > 2, "across: " + d.score(across));
        assertEquals(3.0, TrainingDomain.percentile(new double[] {5, 1, 4, 2, 3}, 50));
        assertEquals(4.96, TrainingDomain.percentile(new double[] {5, 1, 4, 2, 3}, 99), 1e-12);
    }

    @Test
    void noArraysLeakWhileScoring() throws Exception {
        Path dir = savedWithDomain("leak");
        XrayImage img = images(1, 6).get(0);
        try (Classifier c = Classifier.load(dir)) {
            BaseNDManager root = (BaseNDManager) c.bundle().model().getNDManager();
            c.predict(img);
            c.explain(img);
            features(c, List.of(img));
            int before = root.getManagedArrays().size();
            try (NDManager open = root.newSubManager()) {
                open.zeros(new Shape(2));
                assertEquals(before + 1, root.getManagedArrays().size(), "the count sees sub-managers' arrays");
            }
            for (int i = 0; i < 50; i++) {
                c.predict(img);
            }
            for (int i = 0; i < 5; i++) {
                c.explain(img, i % 2);
                features(c, List.of(img, img));
            }
            c.predictBatch(List.of(img, img, img));
            assertEquals(before, root.getManagedArrays().size());
        }
    }
}
