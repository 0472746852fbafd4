package io.lunglens.cli;

/** A command stops: one line for the user (the command's name goes before it) and the exit code. */
final class Refusal extends Exception {

    private final int code;

    Refusal(String message, int code) {
        super(message, null, false, false);
        this.code = code;
    }

    /** Bad input or a file that cannot be used: exit code 2. */
    Refusal(String message) {
        this(message, 2);
    }

    int code() {
        return code;
    }
}
