package io.lunglens.ui.background;

import io.lunglens.task.Job;
import io.lunglens.task.Progress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One piece of background work described as a value: a {@link Job} plus what to do with its outcome. A
 * {@link TaskExecutor} runs the job on a worker and hands every callback, progress included, to the UI thread.
 * After the job has returned or thrown, exactly one of onSuccess, onFailure or onCancelled runs, then onFinished.
 * A task cancelled before its job returned reports onCancelled, whatever the job did; a cancel that comes later
 * changes nothing. Configure before executing.
 */
public final class BackgroundTask<T> {

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundTask.class);

    private final Job<T> job;
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", -1);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final CountDownLatch ended = new CountDownLatch(1);
    private Consumer<? super T> onSuccess = v -> { };
    private Consumer<? super Throwable> onFailure = e -> LOG.warn("background work failed", e);
    private Runnable onCancelled = () -> { };
    private Runnable onFinished = () -> { };
    private volatile boolean cancelled;
    private Thread worker;

    private BackgroundTask(Job<T> job) {
        this.job = job;
    }

    public static <T> BackgroundTask<T> of(Job<T> job) {
        return new BackgroundTask<>(job);
    }

    public BackgroundTask<T> onSuccess(Consumer<? super T> action) {
        onSuccess = action;
        return this;
    }

    public BackgroundTask<T> onFailure(Consumer<? super Throwable> action) {
        onFailure = action;
        return this;
    }

    public BackgroundTask<T> onCancelled(Runnable action) {
        onCancelled = action;
        return this;
    }

    /** Runs after the outcome's callback, whatever the outcome. */
    public BackgroundTask<T> onFinished(Runnable action) {
        onFinished = action;
        return this;
    }

    /** Work done, 0..1, or -1 while unknown; updated on the UI thread. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** The job's last progress message; updated on the UI thread. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /**
     * Asks the job to stop: its {@link Progress#isCancelled()} turns true. With interrupt, its thread is interrupted
     * too, which ends blocking file reads at once; training and scans stop at their next check instead.
     */
    public void cancel(boolean interrupt) {
        synchronized (this) {
            cancelled = true;
            if (interrupt && worker != null) {
                worker.interrupt();
            }
        }
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** Waits until the job's code has returned (or the task was skipped); true if it has within timeout. */
    public boolean awaitEnd(Duration timeout) {
        try {
            return ended.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs the job on the calling thread; ui runs the callbacks. Called by executors only. */
    void run(Executor ui) {
        T value = null;
        Throwable error = null;
        try {
            if (!enter()) {
                return;
            }
            value = job.run(progress(ui));
        } catch (Throwable e) {
            error = e;
        } finally {
            boolean stopped = leave();
            T v = value;
            Throwable err = error;
            ui.execute(() -> report(v, err, stopped));
        }
    }

    private synchronized boolean enter() {
        worker = Thread.currentThread();
        return !cancelled;
    }

    /** Whether the task was cancelled by the time its job ended; a later cancel changes nothing. */
    private boolean leave() {
        boolean stopped;
        synchronized (this) {
            worker = null;
            stopped = cancelled;
        }
        ended.countDown();
        return stopped;
    }

    private void report(T value, Throwable error, boolean stopped) {
        if (stopped) {
            onCancelled.run();
        } else if (error != null) {
            onFailure.accept(error);
        } else {
            onSuccess.accept(value);
        }
        onFinished.run();
    }

    /** Progress for the job: updates are merged, so a fast job has at most one update waiting for the UI. */
    private Progress progress(Executor ui) {
        AtomicReference<Update> pending = new AtomicReference<>();
        return new Progress() {
            @Override
            public void update(long done, long total, String msg) {
                double f = total > 0 ? (double) done / total : Double.NaN;
                String m = msg == null ? "" : msg;
                Update before = pending.getAndUpdate(p -> new Update(Double.isNaN(f) && p != null ? p.fraction : f, m));
                if (before == null) {
                    ui.execute(() -> show(pending.getAndSet(null)));
                }
            }

            @Override
            public boolean isCancelled() {
                return cancelled;
            }
        };
    }

    private void show(Update u) {
        if (!Double.isNaN(u.fraction)) {
            progress.set(u.fraction);
        }
        message.set(u.message);
    }

    /** A progress report; fraction NaN when the job gave no total. */
    private record Update(double fraction, String message) {
    }
}
