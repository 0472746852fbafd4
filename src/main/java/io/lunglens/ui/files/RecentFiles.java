package io.lunglens.ui.files;

import io.lunglens.model.ModelRegistry;
import io.lunglens.task.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The recently opened files and folders, newest first, kept in a small text file in the user's data folder. */
public final class RecentFiles {

    public static final int MAX = 10;
    private static final Logger LOG = LoggerFactory.getLogger(RecentFiles.class);

    private final Path store;
    private final List<Path> entries = new ArrayList<>();

    public RecentFiles(Path store) {
        this.store = store;
        try {
            if (Files.isRegularFile(store)) {
                for (String line : Files.readAllLines(store, StandardCharsets.UTF_8)) {
                    if (!line.isBlank() && entries.size() < MAX) {
                        entries.add(Path.of(line.strip()));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("ignoring unreadable recent-files list {}: {}", store, e.getMessage());
        }
    }

    /** The default store: recent.txt in the LungLens home folder (beside the model registry's state). */
    public static Path defaultStore() {
        return ModelRegistry.home().resolve("recent.txt");
    }

    public List<Path> list() {
        return List.copyOf(entries);
    }

    /** Puts a file on top and saves; a failure to save only costs the list, so it is logged, not raised. */
    public void add(Path file) {
        Path p = file.toAbsolutePath().normalize();
        entries.remove(p);
        entries.add(0, p);
        while (entries.size() > MAX) {
            entries.remove(entries.size() - 1);
        }
        try {
            Files.createDirectories(store.toAbsolutePath().getParent());
            AtomicFiles.write(store, entries.stream().map(Path::toString)
                    .collect(Collectors.joining("\n", "", "\n")).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOG.warn("cannot save recent files to {}: {}", store, e.getMessage());
        }
    }
}
