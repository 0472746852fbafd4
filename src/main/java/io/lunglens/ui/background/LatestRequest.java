package io.lunglens.ui.background;

import io.lunglens.task.Job;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * A stream of requests where only the newest counts: starting a request cancels the one before, and a
 * result that arrives for an older request is dropped. Flipping quickly through images thus ends on the
 * last one, whatever order the background work finishes in. Use from the UI thread only.
 */
public final class LatestRequest {

    private final TaskExecutor executor;
    private final ReadOnlyObjectWrapper<BackgroundTask<?>> running = new ReadOnlyObjectWrapper<>(this, "running");
    private long generation;

    public LatestRequest(TaskExecutor executor) {
        this.executor = executor;
    }

    /** Starts a new request; everything belonging to older ones is cancelled and its results ignored. */
    public Ticket next() {
        generation++;
        cancelRunning();
        return new Ticket(generation);
    }

    /** Drops the current request without starting another. */
    public void cancel() {
        next();
    }

    /** The task of the current request while it runs, else null; the status bar shows its progress. */
    public ReadOnlyObjectProperty<BackgroundTask<?>> runningProperty() {
        return running.getReadOnlyProperty();
    }

    private void cancelRunning() {
        BackgroundTask<?> t = running.get();
        if (t != null) {
            running.set(null);
            // A superseded file read or map stops at once; its result would be dropped anyway.
            t.cancel(true);
        }
    }

    private void ended(BackgroundTask<?> task) {
        if (running.get() == task) {
            running.set(null);
        }
    }

    /** One request; it may run several jobs one after another (load, then predict). */
    public final class Ticket {
        private final long id;

        private Ticket(long id) {
            this.id = id;
        }

        public boolean isCurrent() {
            return id == generation;
        }

        /** Runs a job; exactly one handler is called on the UI thread, and only while this ticket is current. */
        public <T> void run(Job<T> job, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
            if (!isCurrent()) {
                return;
            }
            cancelRunning();
            BackgroundTask<T> task = BackgroundTask.of(job);
            task.onSuccess(v -> {
                ended(task);
                if (isCurrent()) {
                    onSuccess.accept(v);
                }
            }).onFailure(e -> {
                ended(task);
                if (isCurrent()) {
                    onFailure.accept(e);
                }
            }).onCancelled(() -> ended(task));
            running.set(task);
            executor.execute(task);
        }
    }
}
