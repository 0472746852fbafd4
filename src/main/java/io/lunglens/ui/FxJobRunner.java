package io.lunglens.ui;

import io.lunglens.task.Job;
import io.lunglens.task.Progress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.concurrent.Task;

/** Runs {@link Job}s as JavaFX tasks on a few daemon threads, so the window never waits for them. */
public final class FxJobRunner implements AutoCloseable {

    private final ExecutorService executor;
    private final int threads;

    /** @param name thread name prefix, seen in thread dumps */
    public FxJobRunner(String name, int threads) {
        this.threads = threads;
        AtomicInteger n = new AtomicInteger();
        executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Wraps a job in a task (progress and cancel pass through) and queues it; callers attach handlers first. */
    public <T> Task<T> task(Job<T> job) {
        return new JobTask<>(job);
    }

    public void execute(Task<?> task) {
        executor.execute(task);
    }

    /**
     * Waits until every task queued before this call has ended, cancelled ones included (a cancelled task's job may
     * still be running). One marker per thread is queued behind them; once all markers run at the same time, no
     * thread is busy with an older task. False on timeout.
     */
    public boolean awaitQueued(long timeout, TimeUnit unit) throws InterruptedException {
        CountDownLatch arrived = new CountDownLatch(threads);
        CountDownLatch release = new CountDownLatch(1);
        for (int i = 0; i < threads; i++) {
            executor.execute(() -> {
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

    /** Runs what is queued (cancelled tasks skip themselves), then lets the threads end. */
    @Override
    public void close() {
        executor.shutdown();
    }

    /** Closes, then waits up to timeout for the running job to return; true if every thread has ended. */
    public boolean closeAndWait(java.time.Duration timeout) {
        executor.shutdown();
        try {
            return executor.awaitTermination(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static final class JobTask<T> extends Task<T> implements Progress {
        private final Job<T> job;

        JobTask(Job<T> job) {
            this.job = job;
        }

        @Override
        protected T call() throws Exception {
            return job.run(this);
        }

        @Override
        public void update(long done, long total, String message) {
            if (total > 0) {
                updateProgress(done, total);
            }
            updateMessage(message);
        }
    }
}
