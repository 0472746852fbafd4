package io.lunglens.task;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/** A progress that can be cancelled from another thread and forwards updates to a listener. */
public final class CancelToken implements Progress {

    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final Consumer<String> listener;

    public CancelToken() {
        this(m -> { });
    }

    public CancelToken(Consumer<String> listener) {
        this.listener = listener;
    }

    public void cancel() {
        cancelled.set(true);
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
