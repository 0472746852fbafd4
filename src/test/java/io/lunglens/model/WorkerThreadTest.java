package io.lunglens.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunglens.imaging.XrayImage;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * libtorch keeps autograd mode per thread. Loading and explaining on a thread that did not start the engine
 * must work as on the main thread: GUI and scan workers are such threads.
 */
class WorkerThreadTest {

    @TempDir
    Path tmp;

    @Test
    void loadPredictAndExplainOnAFreshThread() throws Exception {
        ModelCard card = TestImages.tinyCard("worker", 64);
        try (ModelBundle fresh = ModelBundle.fresh(card)) {
            ModelBundle.save(tmp.resolve("worker"), fresh.network(), card);
        }
        XrayImage img = TestImages.withSquare(96, new Random(5), 10, 10, 30);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            float peak = pool.submit(() -> {
                try (Classifier c = Classifier.load(tmp.resolve("worker"))) {
                    assertEquals(1.0, c.predict(img).probabilities()[0] + c.predict(img).probabilities()[1], 1e-6);
                    float max = 0;
                    for (int k = 0; k < 2; k++) {
                        for (float v : c.explain(img, k).cam()) {
                            max = Math.max(max, v);
                        }
                    }
                    return max;
                }
            }).get(120, TimeUnit.SECONDS);
            assertTrue(peak > 0, "Grad-CAM on a worker thread must not be all zeros");
        } finally {
            pool.shutdownNow();
        }
    }
}
