package io.lunglens.report;

import java.nio.file.Path;
import java.util.Locale;

/** The two forms a report is written in, chosen by the file's extension. */
public enum ReportFormat {
    PDF, PNG;

    public String extension() {
        return "." + name().toLowerCase(Locale.ROOT);
    }

    /** The format a file name asks for; anything but .pdf or .png is refused. */
    public static ReportFormat of(Path target) {
        String name = target.getFileName().toString().toLowerCase(Locale.ROOT);
        for (ReportFormat f : values()) {
            if (name.endsWith(f.extension())) {
                return f;
            }
        }
        throw new IllegalArgumentException(target + ": a report is written as .pdf or .png");
    }
}
