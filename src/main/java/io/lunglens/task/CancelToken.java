package io.lunglens.task;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/** A progress that can be cancelled from another thread and forwards updates to a listener. */
public final class CancelToken implements Progress {

    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final Consumer<String> listener;
    private final List<Runnable> onCancel = new CopyOnWriteArrayList<>();

    public CancelToken() {
        this(m -> { });
    }

    public CancelToken(Consumer<String> listener) {
        this.listener = listener;
    }

    public void cancel() {
        cancelled.set(true);
        for (Runnable r : onCancel) {
            if (onCancel.remove(r)) { // whoever removes an action runs it, so it runs once
                r.run();
            }
        }
    }

    /** Runs action (on the cancelling thread) when the token is cancelled, at once if it already is. */
    public void whenCancelled(Runnable action) {
        onCancel.add(action);
        if (cancelled.get() && onCancel.remove(action)) {
            action.run();
        }
    }

    @Override
    public boolean isCancelled() {
        return cancelled.get();
    }

    @Override
    public void update(long done, long total, String message) {
        listener.accept(total > 0 ? done + "/" + total + " " + message : message);
    }
}
