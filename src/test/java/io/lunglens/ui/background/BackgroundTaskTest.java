package io.lunglens.ui.background;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The task's contract on a same-thread executor: one outcome callback, then onFinished; progress reaches the UI. */
class BackgroundTaskTest {

    final SameThreadExecutor executor = new SameThreadExecutor();
    final List<String> calls = new ArrayList<>();

    <T> BackgroundTask<T> recorded(BackgroundTask<T> t) {
        return t.onSuccess(v -> calls.add("success " + v)).onFailure(e -> calls.add("failure " + e.getMessage()))
                .onCancelled(() -> calls.add("cancelled")).onFinished(() -> calls.add("finished"));
    }

    @Test
    void aJobThatReturnsReportsItsValueAndItsLastProgress() {
        BackgroundTask<Integer> t = recorded(BackgroundTask.of(p -> {
            p.update(1, 4, "one");
            p.update(3, 4, "three");
            return 42;
        }));
        executor.execute(t);
        assertEquals(List.of("success 42", "finished"), calls);
        assertEquals(0.75, t.progressProperty().get(), 1e-12);
        assertEquals("three", t.messageProperty().get());
        assertTrue(t.awaitEnd(Duration.ZERO));
    }

    @Test
    void aJobThatThrowsReportsTheFailure() {
        executor.execute(recorded(BackgroundTask.of(p -> {
            throw new IllegalStateException("broken.png: truncated");
        })));
        assertEquals(List.of("failure broken.png: truncated", "finished"), calls);
    }

    @Test
    void aTaskCancelledBeforeItRunsSkipsItsJob() {
        List<String> ran = new ArrayList<>();
        BackgroundTask<String> t = recorded(BackgroundTask.of(p -> {
            ran.add("job");
            return "x";
        }));
        t.cancel(false);
        executor.execute(t);
        assertEquals(List.of(), ran);
        assertEquals(List.of("cancelled", "finished"), calls);
        assertTrue(t.awaitEnd(Duration.ZERO));
    }

    @Test
    void aJobCancelledWhileRunningSeesItAndReportsCancelledWhateverItReturns() {
        AtomicReference<BackgroundTask<String>> self = new AtomicReference<>();
        List<Boolean> seen = new ArrayList<>();
        BackgroundTask<String> t = recorded(BackgroundTask.of(p -> {
            seen.add(p.isCancelled());
            self.get().cancel(false);
            seen.add(p.isCancelled());
            return "late result";
        }));
        self.set(t);
        executor.execute(t);
        assertEquals(List.of(false, true), seen);
        assertEquals(List.of("cancelled", "finished"), calls);
    }

    @Test
    void progressWaitingForTheUiIsMergedIntoOneUpdateKeepingTheLastFraction() {
        List<Runnable> ui = new ArrayList<>();
        BackgroundTask<String> t = recorded(BackgroundTask.of(p -> {
            p.update(1, 10, "a");
            p.update(5, 10, "b");
            p.update(0, 0, "c: no total");
            return "done";
        }));
        t.run(ui::add);
        // One progress update and the outcome: the UI thread was never flooded.
        assertEquals(2, ui.size());
        assertEquals(List.of(), calls, "nothing runs before the UI thread does");
        ui.forEach(Runnable::run);
        assertEquals(0.5, t.progressProperty().get(), 1e-12);
        assertEquals("c: no total", t.messageProperty().get());
        assertEquals(List.of("success done", "finished"), calls);
        assertFalse(t.isCancelled());
    }

    @Test
    void aCancelAfterTheJobEndedDoesNotTurnItsResultIntoACancellation() {
        List<Runnable> ui = new ArrayList<>();
        BackgroundTask<String> t = recorded(BackgroundTask.of(p -> "saved"));
        t.run(ui::add);
        t.cancel(true);
        ui.forEach(Runnable::run);
        assertEquals(List.of("success saved", "finished"), calls);
    }
}
