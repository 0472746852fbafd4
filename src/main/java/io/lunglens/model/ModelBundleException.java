package io.lunglens.model;

import java.nio.file.Path;

/** A model bundle that cannot be loaded or saved. The message is one line and names the bundle. */
public final class ModelBundleException extends Exception {

    private final Path bundle;

    public ModelBundleException(Path bundle, String reason) {
        this(bundle, reason, null);
    }

    public ModelBundleException(Path bundle, String reason, Throwable cause) {
        super("model bundle " + bundle + ": " + oneLine(reason), cause);
        this.bundle = bundle;
    }

    public Path bundle() {
        return bundle;
    }

    private static String oneLine(String s) {
        return s == null ? "unknown error" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
