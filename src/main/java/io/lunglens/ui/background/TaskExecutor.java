package io.lunglens.ui.background;

/**
 * Runs {@link BackgroundTask}s. The window uses {@link FxTaskExecutor} (worker threads, callbacks on the FX thread);
 * a test can run the same tasks and callbacks on its own thread ({@code SameThreadExecutor} in the tests).
 */
public interface TaskExecutor {

    /** Queues the task; its callbacks run on the UI thread once its job has ended. */
    <T> void execute(BackgroundTask<T> task);

    /** Runs action on the UI thread, later; for news a job sends while it runs (a training epoch's losses). */
    void post(Runnable action);
}
