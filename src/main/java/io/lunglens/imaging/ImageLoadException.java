package io.lunglens.imaging;

import io.lunglens.task.OneLine;
import java.nio.file.Path;

/** A file that cannot become an {@link XrayImage}. The message is one line and names the file. */
public final class ImageLoadException extends Exception {

    private final Path file;

    public ImageLoadException(Path file, String reason) {
        this(file, reason, null);
    }

    public ImageLoadException(Path file, String reason, Throwable cause) {
        super(file + ": " + OneLine.of(reason), cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
