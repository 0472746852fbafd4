package io.lunglens.training;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunglens.task.CancelledException;
import io.lunglens.task.Progress;
import org.junit.jupiter.api.Test;

/** A real training step of the tiny network, timed on this machine. */
class StepTimerTest {

    @Test
    void aStepAndAForwardPassTakeAPositiveFiniteTime() {
        StepTimer.StepTime t = StepTimer.measure("tiny-resnet-lstm", 48, 4, Progress.none());
        assertTrue(t.stepSeconds() > 0 && Double.isFinite(t.stepSeconds()), "step " + t);
        assertTrue(t.forwardSecondsPerImage() > 0 && Double.isFinite(t.forwardSecondsPerImage()), "forward " + t);
    }

    @Test
    void stopsWhenCancelled() {
        Progress cancelled = new Progress() {
            @Override
            public void update(long done, long total, String message) {
            }

            @Override
            public boolean isCancelled() {
                return true;
            }
        };
        assertThrows(CancelledException.class, () -> StepTimer.measure("tiny-resnet-lstm", 48, 4, cancelled));
    }
}
