package io.lunglens.imaging;

import java.nio.file.Path;

/** A file that cannot become an {@link XrayImage}. The message is one line and names the file. */
public final class ImageLoadException extends Exception {

    private final Path file;

    public ImageLoadException(Path file, String reason) {
        this(file, reason, null);
    }

    public ImageLoadException(Path file, String reason, Throwable cause) {
        super(file + ": " + oneLine(reason), cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }

    private static String oneLine(String s) {
        return s == null ? "unknown error" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
