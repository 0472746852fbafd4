package io.lunglens.training;

/** A data set folder that cannot be used as asked; the message is one line that says why. */
public final class DatasetException extends Exception {
    public DatasetException(String message) {
        super(message);
    }
}
