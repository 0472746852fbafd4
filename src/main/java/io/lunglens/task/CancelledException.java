package io.lunglens.task;

/** Thrown by a job that stopped because it was cancelled. */
public final class CancelledException extends RuntimeException {
    public CancelledException() {
        super("cancelled");
    }
}
