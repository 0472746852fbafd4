package io.lunglens.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path tmp;

    private List<String> names() throws Exception {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writeReplacesTheFileAndLeavesNoTemporaryFile() throws Exception {
        Path f = tmp.resolve("a.csv");
        AtomicFiles.write(f, "old".getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(f, "new content".getBytes(StandardCharsets.UTF_8));
        assertEquals("new content", Files.readString(f));
        assertEquals(List.of("a.csv"), names());
    }

    @Test
    void writeUnsyncedReplacesTheFileToo() throws Exception {
        Path f = tmp.resolve("b.png");
        byte[] big = new byte[300_000];
        big[299_999] = 7;
        AtomicFiles.writeUnsynced(f, "old".getBytes(StandardCharsets.UTF_8));
        AtomicFiles.writeUnsynced(f, big);
        assertArrayEquals(big, Files.readAllBytes(f));
        assertEquals(List.of("b.png"), names());
    }

    @Test
    void writeNewRefusesAnExistingFileAndKeepsIt() throws Exception {
        Path f = tmp.resolve("model.json");
        AtomicFiles.writeNew(f, "first".getBytes(StandardCharsets.UTF_8));
        assertThrows(FileAlreadyExistsException.class,
                () -> AtomicFiles.writeNew(f, "second".getBytes(StandardCharsets.UTF_8)));
        assertEquals("first", Files.readString(f));
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporaryFile() throws Exception {
        Path f = tmp.resolve("c.txt");
        AtomicFiles.write(f, "kept".getBytes(StandardCharsets.UTF_8));
        Path folder = tmp.resolve("folder");
        Files.createDirectories(folder.resolve("child"));
        // Renaming a file over a non-empty folder fails.
        assertThrows(IOException.class, () -> AtomicFiles.write(folder, new byte[] {1}));
        assertEquals("kept", Files.readString(f));
        assertEquals(List.of("c.txt", "folder"), names());
    }
}
