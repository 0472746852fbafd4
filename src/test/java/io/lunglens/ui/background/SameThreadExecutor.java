package io.lunglens.ui.background;

import java.util.ArrayList;
import java.util.List;

/** Runs each task's job and callbacks at once on the calling thread, so a test needs no FX thread and no waiting. */
final class SameThreadExecutor implements TaskExecutor {

    /** Every task executed, in order. */
    final List<BackgroundTask<?>> executed = new ArrayList<>();

    @Override
    public <T> void execute(BackgroundTask<T> task) {
        executed.add(task);
        task.run(Runnable::run);
    }

    @Override
    public void post(Runnable action) {
        action.run();
    }
}
