package io.lunglens.cli;

import io.lunglens.task.CancelToken;
import io.lunglens.task.Progress;
import java.io.PrintWriter;

/** A job's progress on stderr, one line at most every two seconds; cancelled with the command line (Ctrl-C). */
final class ProgressLine implements Progress {

    private static final long EVERY_NANOS = 2_000_000_000L;

    private final String label;
    private final PrintWriter err;
    private final CancelToken stop;
    private long last;
    private boolean first = true;

    ProgressLine(String label, PrintWriter err, CancelToken stop) {
        this.label = label;
        this.err = err;
        this.stop = stop;
    }

    @Override
    public synchronized void update(long done, long total, String message) {
        long now = System.nanoTime();
        if (first || now - last >= EVERY_NANOS) {
            first = false;
            last = now;
            err.println(label + " " + (total > 0 ? done + "/" + total : "") + (message.isEmpty() ? "" : " " + message));
            err.flush();
        }
    }

    @Override
    public boolean isCancelled() {
        return stop.isCancelled();
    }
}
