package io.lunglens.cli;

import io.lunglens.task.CancelToken;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * Ctrl-C, SIGTERM and a closed terminal stop a command cleanly. The JVM halts as soon as its shutdown hooks return,
 * and a halt while a thread is inside libtorch crashes it (a SIGTERM during a backward pass did). So the hook only
 * cancels the command's token and then waits, up to {@link #WAIT_SECONDS}, for the command to reach its next safe
 * point (between batches), clean up and print its one line. The command keeps running on its own thread; the
 * process's exit code is then the signal's (143 for SIGTERM, 130 for Ctrl-C).
 */
final class ShutdownGuard {

    /** Longest wait for a command to stop; a batch of the full network at 224² takes about 3 s on a CPU. */
    static final long WAIT_SECONDS = 9;

    private ShutdownGuard() {
    }

    /** Runs the command on this thread with a hook that cancels stop and waits for the command to return. */
    static int run(CancelToken stop, IntSupplier command) {
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            long start = System.nanoTime();
            stop.cancel(); // its actions run here: the GUI's waits for its jobs, within the same bound
            try {
                finished.await(TimeUnit.SECONDS.toNanos(WAIT_SECONDS) - (System.nanoTime() - start),
                        TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "lunglens-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return command.getAsInt();
        } finally {
            System.out.flush();
            System.err.flush();
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // Already shutting down: the hook is running, and returns now that the command has finished.
            }
        }
    }
}
