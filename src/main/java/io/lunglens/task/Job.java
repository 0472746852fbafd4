package io.lunglens.task;

/**
 * One long piece of work (load, predict, scan, train) that the GUI and the CLI both run.
 * It knows nothing of threads: the GUI runs it as a ui.background.BackgroundTask, the CLI calls it directly.
 */
@FunctionalInterface
public interface Job<T> {
    T run(Progress progress) throws Exception;
}
