package io.lunglens.pacs;

/** A PACS request failed; the message is one line for the user and never holds credentials. */
public final class PacsException extends RuntimeException {

    public PacsException(String message) {
        super(message);
    }

    public PacsException(String message, Throwable cause) {
        super(message, cause);
    }
}
