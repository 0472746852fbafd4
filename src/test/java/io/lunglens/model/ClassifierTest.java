package io.lunglens.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.lunglens.imaging.ImageLoader;
import io.lunglens.imaging.LungMask;
import io.lunglens.imaging.XrayImage;
import io.lunglens.task.Progress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ClassifierTest {

    @Test
    void fullModelOnARealSampleGivesProbabilitiesThatSumToOne() throws Exception {
        XrayImage img = ImageLoader.load(Path.of("assets/samples/covid/hann_0a7faa2a.png"));
        try (Classifier c = new Classifier(ModelBundle.fresh(
                ModelCard.draft("full", Architecture.RESNET50_LSTM, 224, true)))) {
            Prediction p = c.predict(img);
            assertEquals(1.0, p.probabilities()[0] + p.probabilities()[1], 1e-6);
            assertArrayEquals(p.probabilities(), p.calibrated(), 1e-12, "temperature 1 is the identity");
            assertEquals(p.classes().get(p.classIndex()), p.label());
            assertEquals("COVID-19", p.positiveClass());
            assertEquals("full@1", p.modelId());
            assertTrue(p.millis() > 0);
        }
    }

    @Test
    void calibrationTemperatureSoftensProbabilities() {
        ModelCard card = TestImages.tinyCard("t", 64).withCalibrationTemperature(2.0);
        try (Classifier c = new Classifier(ModelBundle.fresh(card))) {
            Prediction p = c.predict(TestImages.noise(80, new Random(1)));
            double[] expected = Scores.softmax(p.logits(), 2.0);
            assertArrayEquals(expected, p.calibrated(), 1e-9);
            assertArrayEquals(Scores.softmax(p.logits(), 1.0), p.probabilities(), 1e-9);
        }
    }

    @Test
    void batchPredictionEqualsSinglePredictions() {
        Random rnd = new Random(2);
        List<XrayImage> images = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            images.add(TestImages.withSquare(70 + 10 * i, rnd, 5 * i, 10, 20));
        }
        try (Classifier c = new Classifier(ModelBundle.fresh(TestImages.tinyCard("t", 64)))) {
            List<Prediction> batch = c.predictBatch(images);
            assertEquals(5, batch.size());
            for (int i = 0; i < images.size(); i++) {
                assertArrayEquals(c.predict(images.get(i)).logits(), batch.get(i).logits(), 1e-4f);
            }
            assertTrue(c.predictBatch(List.of()).isEmpty());
        }
    }

    @Test
    void noArraysLeakAcross200Predictions() {
        Random rnd = new Random(3);
        XrayImage img = TestImages.noise(96, rnd);
        try (Classifier c = new Classifier(ModelBundle.fresh(TestImages.tinyCard("t", 64)))) {
            BaseNDManager root = (BaseNDManager) c.bundle().model().getNDManager();
            c.predict(img);
            c.explain(img, 1);
            int before = root.getManagedArrays().size();
            // The count must see arrays held by sub-managers, or this test could not fail.
            try (NDManager open = root.newSubManager()) {
                open.zeros(new Shape(2));
                assertEquals(before + 1, root.getManagedArrays().size());
            }
            for (int i = 0; i < 200; i++) {
                c.predict(img);
            }
            for (int i = 0; i < 20; i++) {
                c.explain(img, i % 2);
            }
            c.predictBatch(List.of(img, img, img));
            LungMask half = LungOcclusionTest.box(96, 0, 0, 48, 96);
            for (int i = 0; i < 3; i++) {
                Occlusion.explain(c, img, -1);
                LungOcclusion.explain(c, img, -1, half);
            }
            assertEquals(before, root.getManagedArrays().size());
        }
    }

    @Test
    void closingDuringAnOcclusionMapFreesTheModelAfterItsLastBatch() {
        XrayImage img = TestImages.withSquare(96, new Random(4), 10, 50, 30);
        Classifier c = new Classifier(ModelBundle.fresh(TestImages.tinyCard("t", 64)));
        BaseNDManager root = (BaseNDManager) c.bundle().model().getNDManager();
        Explanation expected = Occlusion.explain(c, img, 1);
        // Closed between two batches, as a model switch on another thread can: the map still finishes, whole.
        Progress closeMidway = new Progress() {
            @Override
            public void update(long done, long total, String message) {
                if (done == 16) {
                    c.close();
                    assertTrue(root.isOpen(), "freed while the occlusion map still uses it");
                }
            }

            @Override
            public boolean isCancelled() {
                return false;
            }
        };
        Explanation e = Occlusion.explain(c, img, 1, closeMidway);
        assertArrayEquals(expected.cam(), e.cam(), 1e-5f);
        assertArrayEquals(expected.prediction().logits(), e.prediction().logits(), 1e-5f);
        assertFalse(root.isOpen(), "the last user frees the model");

        // Every entry point after close: one clear exception, never freed native memory.
        float[] plane = new float[64 * 64];
        List<Executable> calls = List.of(() -> c.predict(img), () -> c.predictBatch(List.of(img)),
                () -> c.predictPlanes(plane, 1), () -> c.explain(img), () -> c.explain(img, 0),
                () -> Occlusion.explain(c, img, -1));
        for (Executable call : calls) {
            IllegalStateException ex = assertThrows(IllegalStateException.class, call);
            assertEquals("model t@1 is closed", ex.getMessage());
        }
        c.close();
    }
}
