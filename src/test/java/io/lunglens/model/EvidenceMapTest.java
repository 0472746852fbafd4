package io.lunglens.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.lunglens.imaging.ModelInput;
import io.lunglens.imaging.XrayImage;
import io.lunglens.task.Progress;
import io.lunglens.training.Evaluation;
import io.lunglens.training.Evaluator;
import io.lunglens.training.Reports;
import io.lunglens.training.Sample;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny model learns "is there a bright square in this noise?"; its Grad-CAM and occlusion maps must point at the
 * square, and the evaluation's shortcut check must follow where the square lies against the lung masks.
 */
class EvidenceMapTest {

    private static final int SIZE = 128;
    private static final int SQ = 16;
    private static Classifier classifier;

    @BeforeAll
    static void train() {
        EngineBootstrap.engine().setRandomSeed(11);
        ModelCard card = TestImages.tinyCard("square", SIZE).withClasses(List.of("noise", "square"), "square");
        ModelBundle bundle = ModelBundle.fresh(card);
        Random rnd = new Random(5);
        DefaultTrainingConfig cfg = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.003f)).build());
        try (Trainer trainer = bundle.model().newTrainer(cfg)) {
            int batch = 16;
            for (int step = 0; step < 60; step++) {
                float[] planes = new float[batch * SIZE * SIZE];
                float[] labels = new float[batch];
                for (int i = 0; i < batch; i++) {
                    boolean square = i % 2 == 0;
                    XrayImage img = square ? randomSquare(rnd) : TestImages.noise(SIZE, rnd);
                    System.arraycopy(ModelInput.toTensorData(img, SIZE), 0, planes, i * SIZE * SIZE, SIZE * SIZE);
                    labels[i] = square ? 1 : 0;
                }
                try (NDManager scope = bundle.model().getNDManager().newSubManager()) {
                    NDArray x = InputTensor.fromPlanes(scope, card, planes, batch);
                    NDArray y = scope.create(labels);
                    try (GradientCollector gc = trainer.newGradientCollector()) {
                        NDArray out = trainer.forward(new NDList(x)).singletonOrThrow();
                        gc.backward(trainer.getLoss().evaluate(new NDList(y), new NDList(out)));
                    }
                    trainer.step();
                }
            }
        }
        classifier = new Classifier(bundle);
    }

    @AfterAll
    static void close() {
        classifier.close();
    }

    private static XrayImage randomSquare(Random rnd) {
        return TestImages.withSquare(SIZE, rnd, rnd.nextInt(SIZE - SQ), rnd.nextInt(SIZE - SQ), SQ);
    }

    @Test
    void camPeakFallsInTheSquaresQuadrant() {
        assertPeaksInSquaresQuadrant(img -> classifier.explain(img, 1));
    }

    @Test
    void occlusionPeakFallsInTheSquaresQuadrant() {
        assertPeaksInSquaresQuadrant(img -> Occlusion.explain(classifier, img, 1));
    }

    @Test
    void occlusionExplainsThePredictedClassAtImageSize() {
        XrayImage img = TestImages.withSquare(150, new Random(4), 10, 100, 30);
        Explanation e = Occlusion.explain(classifier, img, -1);
        Prediction p = classifier.predict(img);
        assertEquals(p.classIndex(), e.camClass());
        assertEquals(p.logits()[1], e.prediction().logits()[1], 1e-4f);
        assertEquals(150 * 150, e.cam().length);
        float hi = 0;
        for (float v : e.cam()) {
            assertTrue(v >= 0 && v <= 1, "map value " + v);
            hi = Math.max(hi, v);
        }
        assertEquals(1f, hi, 1e-6f, "a square that decides the verdict leaves a non-empty map");
        assertThrows(IllegalArgumentException.class, () -> Occlusion.explain(classifier, img, 2));
    }

    @Test
    void occlusionStopsBetweenBatchesWhenCancelled() {
        XrayImage img = TestImages.withSquare(SIZE, new Random(8), 20, 20, SQ);
        java.util.concurrent.atomic.AtomicInteger updates = new java.util.concurrent.atomic.AtomicInteger();
        Progress cancelAfterFirstBatch = new Progress() {
            @Override
            public void update(long done, long total, String message) {
                assertEquals(Occlusion.GRID * Occlusion.GRID, total);
                updates.incrementAndGet();
            }

            @Override
            public boolean isCancelled() {
                return updates.get() >= 1;
            }
        };
        assertThrows(io.lunglens.task.CancelledException.class,
                () -> Occlusion.explain(classifier, img, 1, cancelAfterFirstBatch));
        assertEquals(1, updates.get(), "one batch ran, then it stopped");
    }

    /**
     * The same images judged against two sets of lung masks: masks over the squares pass the shortcut check, masks
     * over the opposite corner fail it. Real model, real PNG files, the data-set mask path of the evaluator.
     */
    @Test
    void shortcutCheckFollowsTheEvidenceAgainstTheLungMasks(@TempDir Path dir) throws Exception {
        Random rnd = new Random(21);
        List<Sample> onSquare = new ArrayList<>();
        List<Sample> offSquare = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            // The square in the left half; the "lungs" are the half with the square, or the other half.
            int x0 = 12 + rnd.nextInt(24);
            int y0 = 12 + rnd.nextInt(SIZE - SQ - 24);
            Path img = png(dir.resolve("square-" + i + ".png"), TestImages.withSquare(SIZE, rnd, x0, y0, SQ).pixels());
            Path over = png(dir.resolve("over-" + i + ".png"), box(0, 0, SIZE / 2, SIZE));
            Path away = png(dir.resolve("away-" + i + ".png"), box(SIZE / 2, 0, SIZE / 2, SIZE));
            onSquare.add(new Sample(img, 1, "", over));
            offSquare.add(new Sample(img, 1, "", away));
        }
        List<String> classes = List.of("noise", "square");
        List<String> reports = new ArrayList<>();
        Progress recording = new Progress() {
            @Override
            public void update(long done, long total, String message) {
                reports.add(done + "/" + total);
            }

            @Override
            public boolean isCancelled() {
                return false;
            }
        };
        Evaluation good = Evaluator.evaluate(classifier, onSquare, classes, 1, recording);
        // One report per image: the occlusion maps' own batches do not move the evaluation's progress back.
        assertEquals(List.of("1/6", "2/6", "3/6", "4/6", "5/6", "6/6"), reports);
        Evaluation bad = Evaluator.evaluate(classifier, offSquare, classes, 1, Progress.none());
        double over = good.occlusionMass()[1];
        double away = bad.occlusionMass()[1];
        assertEquals(1.0, over + away, 1e-6, "the two halves share each map");
        assertTrue(over > 0.55, "evidence on the square's side: " + over);
        assertFalse(good.shortcutSuspected());
        assertTrue(bad.shortcutSuspected());
        assertTrue(Reports.shortcutLines(bad).contains("WARNING"), Reports.shortcutLines(bad));
        assertFalse(Reports.shortcutLines(good).contains("WARNING"), Reports.shortcutLines(good));
    }

    private static int[] box(int x0, int y0, int w, int h) {
        int[] px = new int[SIZE * SIZE];
        for (int y = y0; y < y0 + h; y++) {
            for (int x = x0; x < x0 + w; x++) {
                px[y * SIZE + x] = 255;
            }
        }
        return px;
    }

    private static Path png(Path file, int[] px) throws IOException {
        BufferedImage b = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_BYTE_GRAY);
        b.getRaster().setPixels(0, 0, SIZE, SIZE, px);
        ImageIO.write(b, "png", file.toFile());
        return file;
    }

    private static void assertPeaksInSquaresQuadrant(Function<XrayImage, Explanation> explain) {
        Random rnd = new Random(99);
        List<String> misses = new ArrayList<>();
        for (int q = 0; q < 4; q++) {
            int qx = q % 2;
            int qy = q / 2;
            // Square well inside the quadrant.
            int x0 = qx * 64 + 16;
            int y0 = qy * 64 + 16;
            XrayImage img = TestImages.withSquare(SIZE, rnd, x0, y0, SQ);
            Explanation e = explain.apply(img);
            assertEquals("square", e.prediction().label(), "the trained model must see the square");
            int peak = argMax(e.cam());
            int px = peak % SIZE;
            int py = peak / SIZE;
            if (px / 64 != qx || py / 64 != qy) {
                misses.add("square in quadrant " + q + ", peak at " + px + "," + py);
            }
        }
        assertTrue(misses.isEmpty(), misses.toString());
    }

    @Test
    void camHasImageSizeAndUnitRangeForEitherClass() {
        XrayImage img = TestImages.withSquare(150, new Random(4), 10, 100, 30);
        for (int c = 0; c < 2; c++) {
            Explanation e = classifier.explain(img, c);
            assertEquals(c, e.camClass());
            assertEquals(150 * 150, e.cam().length);
            float lo = Float.MAX_VALUE;
            float hi = -Float.MAX_VALUE;
            for (float v : e.cam()) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            assertTrue(lo >= 0 && hi <= 1, lo + ".." + hi);
            // The explanation's verdict is the plain prediction's.
            assertEquals(classifier.predict(img).logits()[0], e.prediction().logits()[0], 1e-4f);
        }
        assertEquals(classifier.predict(img).classIndex(), classifier.explain(img).camClass());
        assertThrows(IllegalArgumentException.class, () -> classifier.explain(img, 2));
    }

    private static int argMax(float[] a) {
        int best = 0;
        for (int i = 1; i < a.length; i++) {
            if (a[i] > a[best]) {
                best = i;
            }
        }
        return best;
    }
}
