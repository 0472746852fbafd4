package io.lunglens.model;

import io.lunglens.task.OneLine;
import java.nio.file.Path;

/** A model bundle that cannot be loaded or saved. The message is one line and names the bundle. */
public final class ModelBundleException extends Exception {

    private final Path bundle;

    public ModelBundleException(Path bundle, String reason) {
        this(bundle, reason, null);
    }

    public ModelBundleException(Path bundle, String reason, Throwable cause) {
        super("model bundle " + bundle + ": " + OneLine.of(reason), cause);
        this.bundle = bundle;
    }

    public Path bundle() {
        return bundle;
    }
}
