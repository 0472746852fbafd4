package io.lunglens.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The estimate's arithmetic: steps per epoch times epochs, validation passes, and the finishing passes. */
class TrainingEstimateTest {

    @Test
    void stepsPerEpochBatchAsTheTrainerDoes() {
        assertEquals(13, TrainingEstimate.stepsPerEpoch(100, 8), "a last batch of 4 is a step");
        assertEquals(2, TrainingEstimate.stepsPerEpoch(17, 8), "a last batch of 1 waits for the next epoch");
        assertEquals(2, TrainingEstimate.stepsPerEpoch(16, 8));
        assertEquals(0, TrainingEstimate.stepsPerEpoch(1, 8));
    }

    @Test
    void addsEpochsValidationAndTheFinishingPasses() {
        TrainingEstimate e = new TrainingEstimate(100, 20, 10, 8, 5, new StepTimer.StepTime(1.0, 0.01));
        assertEquals(13.0, e.trainingSecondsPerEpoch(), 1e-9);
        assertEquals(0.2, e.validationSecondsPerEpoch(), 1e-9);
        // Calibration (20) + domain fit (100 + 20) + test: 10 images x (prediction, Grad-CAM, the fast check's 3).
        assertEquals((20 + 120 + 10 * 5) * 0.01, e.finishingSeconds(), 1e-9);
        assertEquals(5 * 13.2 + 1.9, e.totalSeconds(), 1e-9);
    }

    @Test
    void saysItAsTheTabShowsIt() {
        TrainingEstimate e = new TrainingEstimate(600, 0, 0, 8, 10, new StepTimer.StepTime(1.1, 0));
        assertEquals(75 * 1.1 * 10, e.totalSeconds(), 1e-9);
        assertEquals("\u2248 14 min on this machine (1.1 s per step, measured)", e.summary());
        assertEquals("40 s", TrainingEstimate.duration(40.4));
        assertEquals("2 min", TrainingEstimate.duration(95));
        assertEquals("2 h 05 min", TrainingEstimate.duration(7500));
        assertEquals("0.35 s", TrainingEstimate.seconds(0.352));
        assertEquals("12 s", TrainingEstimate.seconds(12.4));
    }
}
