package io.lunglens.ui;

import io.lunglens.task.Job;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.concurrent.Task;
import javafx.concurrent.Worker;

/**
 * A stream of requests where only the newest counts: starting a request cancels the one before, and a
 * result that arrives for an older request is dropped. Flipping quickly through images thus ends on the
 * last one, whatever order the background work finishes in. Use from the FX thread only.
 */
public final class LatestRequest {

    private final FxJobRunner runner;
    private final ReadOnlyObjectWrapper<Task<?>> running = new ReadOnlyObjectWrapper<>(this, "running");
    private long generation;

    public LatestRequest(FxJobRunner runner) {
        this.runner = runner;
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
    public ReadOnlyObjectProperty<Task<?>> runningProperty() {
        return running.getReadOnlyProperty();
    }

    private void cancelRunning() {
        Task<?> t = running.get();
        if (t != null) {
            running.set(null);
            t.cancel(true);
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

        /** Runs a job; exactly one handler is called on the FX thread, and only while this ticket is current. */
        public <T> void run(Job<T> job, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
            if (!isCurrent()) {
                return;
            }
            cancelRunning();
            Task<T> task = runner.task(job);
            task.stateProperty().addListener((obs, old, state) -> {
                if (state != Worker.State.SUCCEEDED && state != Worker.State.FAILED) {
                    return;
                }
                if (running.get() == task) {
                    running.set(null);
                }
                if (!isCurrent()) {
                    return;
                }
                if (state == Worker.State.SUCCEEDED) {
                    onSuccess.accept(task.getValue());
                } else {
                    onFailure.accept(task.getException());
                }
            });
            running.set(task);
            runner.execute(task);
        }
    }
}
