package io.lunglens.report;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Names for the files one run writes beside each other (reports, overlays): each source keeps one stem, and a
 * second source with the same name gets NAME-2, so nothing is overwritten.
 */
public final class OutputNames {

    private final Map<Path, String> stems = new HashMap<>();
    private final Set<String> used = new HashSet<>();

    /** The file's own stem, or for a second file of that name from another folder the stem with -2, -3, ... */
    public String stem(Path source) {
        return stems.computeIfAbsent(source.toAbsolutePath().normalize(), p -> {
            String base = p.getFileName().toString().replaceFirst("\\.[^.]*$", "");
            String stem = base;
            for (int i = 2; !used.add(stem.toLowerCase(Locale.ROOT)); i++) {
                stem = base + "-" + i;
            }
            return stem;
        });
    }

    /** DIR/NAME_report.pdf (or .png) for this source. */
    public Path reportFor(Path dir, Path source, ReportFormat format) {
        return dir.resolve(stem(source) + "_report" + format.extension());
    }
}
