package io.lunglens.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.lunglens.model.EngineBootstrap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Our Adam against DJL's on the real engine: the same steps, and a restored copy continues exactly. */
class AdamTest {

    private static float[] noise(Random r, int n) {
        float[] g = new float[n];
        for (int i = 0; i < n; i++) {
            g[i] = (float) r.nextGaussian();
        }
        return g;
    }

    @Test
    void stepsAsDjlsAdamAndResumesFromItsState() {
        EngineBootstrap.engine();
        try (NDManager m = NDManager.newBaseManager()) {
            float[] start = noise(new Random(1), 50);
            NDArray theirs = m.create(start);
            NDArray ours = m.create(start);
            Optimizer djl = Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.01f)).optWeightDecays(1e-4f).build();
            Adam adam = new Adam(id -> 0.01, id -> "network", 1e-4, Map.of("w", "layer.weight"));
            Random r = new Random(2);
            for (int step = 0; step < 5; step++) {
                NDArray g = m.create(noise(r, 50));
                djl.update("w", theirs, g);
                adam.update("w", ours, g);
            }
            assertArrayEquals(theirs.toFloatArray(), ours.toFloatArray(), "the same arithmetic, bit for bit");

            Adam.State saved = adam.state();
            assertEquals(5, saved.counts().get("layer.weight"));
            Adam resumed = new Adam(id -> 0.01, id -> "network", 1e-4, Map.of("other-id", "layer.weight"));
            resumed.restore(saved);
            NDArray copy = m.create(ours.toFloatArray());
            for (int step = 0; step < 3; step++) {
                NDArray g = m.create(noise(r, 50));
                adam.update("w", ours, g);
                // A rebuilt network has new parameter ids; the state follows the parameter's name.
                resumed.update("other-id", copy, g);
            }
            assertArrayEquals(ours.toFloatArray(), copy.toFloatArray(), "a restored Adam continues exactly");
        }
    }
}
