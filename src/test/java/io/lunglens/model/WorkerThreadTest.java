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

/**
 * libtorch keeps autograd mode per thread. Loading and explaining on a thread that did not start the engine
 * must work as on the main thread: GUI and scan workers are such threads.
 */
class WorkerThreadTest {

    /**
     * The committed square model, not a random one: a random network may give both classes an empty map
     * (ReLU of a negative sum), which would pass or fail with the engine's random state, i.e. with test order.
     */
    @Test
    void loadPredictAndExplainOnAFreshThread() throws Exception {
        Path bundle = Path.of(WorkerThreadTest.class.getResource("/models/square-tiny").toURI());
        XrayImage img = SquareModelFixture.randomSquare(new Random(5));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            float peak = pool.submit(() -> {
                try (Classifier c = Classifier.load(bundle)) {
                    assertEquals(1.0, c.predict(img).probabilities()[0] + c.predict(img).probabilities()[1], 1e-6);
                    float max = 0;
                    for (float v : c.explain(img, 1).cam()) {
                        max = Math.max(max, v);
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
