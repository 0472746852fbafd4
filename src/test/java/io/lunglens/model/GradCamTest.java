package io.lunglens.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A tiny model learns "is there a bright square in this noise?"; its Grad-CAM must point at the square. */
class GradCamTest {

    private static final int SIZE = 128;
    private static final int SQ = 32;
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
        Random rnd = new Random(99);
        List<String> misses = new ArrayList<>();
        for (int q = 0; q < 4; q++) {
            int qx = q % 2;
            int qy = q / 2;
            // Square well inside the quadrant.
            int x0 = qx * 64 + 16;
            int y0 = qy * 64 + 16;
            XrayImage img = TestImages.withSquare(SIZE, rnd, x0, y0, SQ);
            Explanation e = classifier.explain(img, 1);
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
