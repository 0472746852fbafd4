package io.lunglens.task;

/** The product's name and version, as the command line, reports and logs state them. */
public final class AppVersion {

    public static final String VERSION = "0.1.0";
    public static final String TITLE = "LungLens " + VERSION;

    private AppVersion() {
    }
}
