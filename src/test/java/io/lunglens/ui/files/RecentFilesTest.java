package io.lunglens.ui.files;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecentFilesTest {

    @TempDir
    Path tmp;

    @Test
    void newestFirstAndReadBackWithNothingElseLeftInTheFolder() throws Exception {
        Path store = tmp.resolve("recent.txt");
        RecentFiles recent = new RecentFiles(store);
        recent.add(tmp.resolve("a.png"));
        recent.add(tmp.resolve("b.png"));
        recent.add(tmp.resolve("a.png"));
        List<Path> expected = List.of(tmp.resolve("a.png").toAbsolutePath(), tmp.resolve("b.png").toAbsolutePath());
        assertEquals(expected, new RecentFiles(store).list());
        try (var files = Files.list(tmp)) {
            assertEquals(List.of(store), files.toList());
        }
    }

    /** A store that cannot be replaced (here a folder stands where the file should be) costs the list, nothing more. */
    @Test
    void aFailedSaveLeavesNoTemporaryFile() throws Exception {
        Path store = Files.createDirectories(tmp.resolve("recent.txt"));
        Files.writeString(store.resolve("keep"), "x");
        RecentFiles recent = new RecentFiles(store);
        recent.add(tmp.resolve("a.png"));
        assertEquals(List.of(tmp.resolve("a.png").toAbsolutePath()), recent.list());
        try (var files = Files.list(tmp)) {
            assertEquals(List.of(store), files.toList(), "no temporary file is left beside the store");
        }
        assertEquals(List.of(store.resolve("keep")), Files.list(store).toList());
    }
}
