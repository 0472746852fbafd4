package io.lunglens.ui.background;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunglens.ui.Workers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** Only the newest request's result is applied, whatever order the work finishes in. */
class LatestRequestTest {

    final FxTaskExecutor runner = new FxTaskExecutor("test", 2);
    final List<String> applied = new ArrayList<>();

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void close() {
        runner.close();
    }

    @Test
    void anOlderResultArrivingLastIsDropped() throws Exception {
        LatestRequest requests = new LatestRequest(runner);
        CountDownLatch slowStarted = new CountDownLatch(1);
        CountDownLatch slowMayFinish = new CountDownLatch(1);
        CountDownLatch slowFinished = new CountDownLatch(1);
        WaitForAsyncUtils.asyncFx(() -> requests.next().run(p -> {
            slowStarted.countDown();
            // Ignores interruption, like a native inference call would.
            while (slowMayFinish.getCount() > 0) {
                LockSupport.parkNanos(1_000_000);
            }
            slowFinished.countDown();
            return "old";
        }, applied::add, e -> applied.add("old failed"))).get();
        assertTrue(slowStarted.await(10, TimeUnit.SECONDS));
        WaitForAsyncUtils.asyncFx(() -> requests.next().run(p -> "new", applied::add, e -> applied.add("failed"))).get();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() -> !applied.isEmpty()).get());
        slowMayFinish.countDown();
        assertTrue(slowFinished.await(10, TimeUnit.SECONDS));
        // The old job has returned; once its task has ended, any result it posted has reached the FX thread.
        Workers.awaitQueued(runner);
        assertEquals(List.of("new"), WaitForAsyncUtils.asyncFx(() -> List.copyOf(applied)).get());
    }

    @Test
    void aTicketChainsJobsAndStopsWhenSuperseded() throws Exception {
        LatestRequest requests = new LatestRequest(runner);
        CountDownLatch go = new CountDownLatch(1);
        WaitForAsyncUtils.asyncFx(() -> {
            LatestRequest.Ticket t = requests.next();
            t.run(p -> {
                go.await(10, TimeUnit.SECONDS);
                return "load";
            }, r -> {
                applied.add(r);
                t.run(p -> "predict", applied::add, e -> { });
            }, e -> { });
        }).get();
        WaitForAsyncUtils.asyncFx(() -> {
            LatestRequest.Ticket t = requests.next();
            t.run(p -> "load2", r -> {
                applied.add(r);
                t.run(p -> "predict2", applied::add, e -> { });
            }, e -> { });
        }).get();
        go.countDown();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> WaitForAsyncUtils.asyncFx(() -> applied.contains("predict2")).get());
        assertEquals(List.of("load2", "predict2"), WaitForAsyncUtils.asyncFx(() -> List.copyOf(applied)).get());
        assertTrue(WaitForAsyncUtils.asyncFx(() -> requests.runningProperty().get() == null).get());
    }

    @Test
    void aRequestSupersededWhileItsJobRunsAppliesNothing() {
        SameThreadExecutor same = new SameThreadExecutor();
        LatestRequest requests = new LatestRequest(same);
        List<LatestRequest.Ticket> later = new ArrayList<>();
        requests.next().run(p -> {
            later.add(requests.next());
            return "old";
        }, applied::add, e -> applied.add("old failed"));
        later.get(0).run(p -> "new", applied::add, e -> applied.add("new failed"));
        assertEquals(List.of("new"), applied);
        assertTrue(same.executed.get(0).isCancelled(), "the superseded task was told to stop");
        assertEquals(null, requests.runningProperty().get());
    }
}
