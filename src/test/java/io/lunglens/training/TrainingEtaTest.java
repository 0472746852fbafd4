package io.lunglens.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Time left from the batch and validation times measured in the run. */
class TrainingEtaTest {

    static final long S = 1_000_000_000L;

    @Test
    void nothingIsKnownBeforeTheSecondBatch() {
        TrainingEta eta = new TrainingEta(3, 0, 0);
        eta.batch(1, 1, 4, 10 * S);
        assertTrue(Double.isNaN(eta.remaining().epochSeconds()));
        assertEquals("epoch 1 of 3: timing the first steps ...", eta.remaining().describe(1, 3));
    }

    @Test
    void countsTheEpochsLeftFromMeasuredBatchesAndValidation() {
        TrainingEta eta = new TrainingEta(3, 5, 30);
        eta.batch(1, 1, 4, 0);
        eta.batch(1, 2, 4, 2 * S);
        // 2 s a batch, 2 batches left, the guessed 5 s of validation; then 2 epochs of 4 x 2 + 5, then 30 s.
        assertEquals(2 * 2 + 5, eta.remaining().epochSeconds(), 1e-9);
        assertEquals(9 + 2 * 13 + 30, eta.remaining().runSeconds(), 1e-9);
        eta.batch(1, 3, 4, 4 * S);
        eta.batch(1, 4, 4, 6 * S);
        eta.epochEnd(9 * S);
        // Validation measured: 3 s; the epoch is done.
        assertEquals(0, eta.remaining().epochSeconds(), 1e-9);
        assertEquals(2 * (4 * 2 + 3) + 30, eta.remaining().runSeconds(), 1e-9);
        assertEquals(1 / 3.0, eta.fraction(), 1e-9);
        eta.batch(2, 1, 4, 11 * S);
        assertEquals(3 * 2 + 3, eta.remaining().epochSeconds(), 1e-9);
        assertEquals(5 / 12.0, eta.fraction(), 1e-9);
        assertEquals("epoch 2 of 3: 9 s left \u00b7 run: at most 50 s left", eta.remaining().describe(2, 3));
    }
}
