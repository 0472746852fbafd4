package io.lunglens.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ScoresTest {

    @Test
    void softmaxOfKnownLogits() {
        assertArrayEquals(new double[] {0.25, 0.75}, Scores.softmax(new double[] {0, Math.log(3)}, 1), 1e-12);
        // Temperature 2 halves the log-odds: ln 3 / 2 gives 1 : sqrt 3.
        double r = Math.sqrt(3);
        assertArrayEquals(new double[] {1 / (1 + r), r / (1 + r)}, Scores.softmax(new double[] {0, Math.log(3)}, 2),
                1e-12);
    }

    @Test
    void largeLogitsDoNotOverflowAndFloatsAgreeWithDoubles() {
        assertArrayEquals(new double[] {0.5, 0.5}, Scores.softmax(new double[] {1000, 1000}, 1), 1e-12);
        float[] f = {1.5f, -2.25f, 0.5f};
        assertArrayEquals(Scores.softmax(new double[] {1.5, -2.25, 0.5}, 1.7), Scores.softmax(f, 1.7), 0);
    }

    @Test
    void argMaxTakesTheFirstOfEqualValues() {
        assertEquals(1, Scores.argMax(new double[] {0.1, 0.7, 0.2}));
        assertEquals(0, Scores.argMax(new double[] {0.5, 0.5}));
        float[] batch = {3, 1, /* row 2 */ 0, 2, /* row 3 */ 4, 4};
        assertEquals(0, Scores.argMax(batch, 0, 2));
        assertEquals(1, Scores.argMax(batch, 2, 2));
        assertEquals(0, Scores.argMax(batch, 4, 2));
    }
}
