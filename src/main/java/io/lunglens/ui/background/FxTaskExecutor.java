package io.lunglens.ui.background;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.application.Platform;

/** Runs tasks on a few named daemon threads, so the window never waits for them; callbacks go to the FX thread. */
public final class FxTaskExecutor implements TaskExecutor, AutoCloseable {

    private final ExecutorService workers;
    private final int threads;

    /** @param name thread name prefix, seen in thread dumps */
    public FxTaskExecutor(String name, int threads) {
        this.threads = threads;
        AtomicInteger n = new AtomicInteger();
        workers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public <T> void execute(BackgroundTask<T> task) {
        workers.execute(() -> task.run(this::post));
    }

    @Override
    public void post(Runnable action) {
        Platform.runLater(action);
    }

    /**
     * Waits until every task queued before this call has ended, cancelled ones included. One marker per thread is
     * queued behind them; once all markers run at the same time, no thread is busy with an older task. False on
     * timeout.
     */
    public boolean awaitQueued(long timeout, TimeUnit unit) throws InterruptedException {
        CountDownLatch arrived = new CountDownLatch(threads);
        CountDownLatch release = new CountDownLatch(1);
        for (int i = 0; i < threads; i++) {
            workers.execute(() -> {
                arrived.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        try {
            return arrived.await(timeout, unit);
        } finally {
            release.countDown();
        }
    }

    /** Runs what is queued (cancelled tasks skip their job), then lets the threads end. */
    @Override
    public void close() {
        workers.shutdown();
    }

    /** Closes, then waits up to timeout for the running jobs to return; true if every thread has ended. */
    public boolean closeAndWait(Duration timeout) {
        workers.shutdown();
        try {
            return workers.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
