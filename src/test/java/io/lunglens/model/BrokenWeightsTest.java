package io.lunglens.model;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Weights that a diverged training left as NaN give an error that says so, never a verdict or a blank map. */
class BrokenWeightsTest {

    @Test
    void nanWeightsGiveAnErrorNotAVerdict() {
        try (Classifier c = new Classifier(ModelBundle.fresh(TestImages.tinyCard("broken", 64)))) {
            EngineBootstrap.inferenceThread();
            c.bundle().network().head().getParameters().values().forEach(p -> p.getArray().muli(Float.NaN));
            var img = TestImages.noise(64, new Random(2));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.predict(img));
            assertTrue(e.getMessage().startsWith("model broken@1 gave NaN instead of a score"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> c.explain(img));
        }
    }
}
