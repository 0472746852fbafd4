package io.lunglens.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderDatasetTest {

    @TempDir
    Path tmp;

    @Test
    void plainClassFoldersWithCovidAsPositive() throws Exception {
        DataFolders.writeImages(tmp.resolve("normal"), 6, 1);
        DataFolders.writeImages(tmp.resolve("covid"), 4, 2);
        FolderDataset d = FolderDataset.open(tmp, List.of(), null, 0, 1);
        assertEquals(List.of("covid", "normal"), d.classes());
        assertEquals(0, d.positive());
        assertArrayEquals(new int[] {4, 6}, d.counts());
        assertTrue(d.skipped().isEmpty());
    }

    @Test
    void radiographyDatabaseLayoutWithMasksAndChosenClasses() throws Exception {
        DataFolders.writeImages(tmp.resolve("COVID/images"), 5, 1);
        DataFolders.writeImages(tmp.resolve("COVID/masks"), 5, 9);
        DataFolders.writeImages(tmp.resolve("Normal/images"), 5, 2);
        DataFolders.writeImages(tmp.resolve("Lung_Opacity/images"), 5, 3);
        FolderDataset d = FolderDataset.open(tmp, List.of("normal", "covid"), "COVID", 0, 1);
        assertEquals(List.of("Normal", "COVID"), d.classes());
        assertEquals(1, d.positive());
        assertEquals(10, d.samples().size(), "masks are not images of the class");
        Sample covid = d.samples().stream().filter(s -> s.label() == 1).findFirst().orElseThrow();
        assertNotNull(covid.lungMask());
        assertEquals(covid.file().getFileName(), covid.lungMask().getFileName());
        assertNull(d.samples().get(0).lungMask());
    }

    @Test
    void perClassSamplingIsSeeded() throws Exception {
        DataFolders.writeImages(tmp.resolve("a"), 20, 1);
        DataFolders.writeImages(tmp.resolve("b"), 20, 2);
        FolderDataset one = FolderDataset.open(tmp, List.of(), null, 5, 7);
        FolderDataset two = FolderDataset.open(tmp, List.of(), null, 5, 7);
        FolderDataset other = FolderDataset.open(tmp, List.of(), null, 5, 8);
        assertArrayEquals(new int[] {5, 5}, one.counts());
        assertEquals(one.samples(), two.samples());
        assertTrue(!one.samples().equals(other.samples()));
    }

    @Test
    void unreadableAndDuplicateFilesAreSkippedAndListed() throws Exception {
        DataFolders.writeImages(tmp.resolve("a"), 4, 1);
        DataFolders.writeImages(tmp.resolve("b"), 4, 2);
        Files.writeString(tmp.resolve("a/broken.png"), "not a png");
        Files.copy(tmp.resolve("a/img000.png"), tmp.resolve("a/copy.png"));
        Files.copy(tmp.resolve("b/img001.png"), tmp.resolve("a/zz-also-in-b.png"));
        FolderDataset d = FolderDataset.open(tmp, List.of(), null, 0, 1);
        assertEquals(4, d.skipped().size(), d.skipped().toString());
        assertTrue(d.skipped().stream().anyMatch(s -> s.startsWith("unreadable:") && s.contains("broken.png")));
        assertTrue(d.skipped().stream().anyMatch(s -> s.startsWith("duplicate:") && s.contains("copy.png")));
        assertTrue(d.skipped().stream().anyMatch(s -> s.startsWith("conflicting labels:")));
        Set<String> hashes = new HashSet<>();
        d.samples().forEach(s -> assertTrue(hashes.add(s.sha256()), "no file twice"));
        assertArrayEquals(new int[] {4, 3}, d.counts(), "the file labelled both ways is dropped from both");
    }

    @Test
    void badFoldersGiveClearErrors() throws Exception {
        Path empty = Files.createDirectory(tmp.resolve("empty"));
        assertTrue(assertThrows(DatasetException.class, () -> FolderDataset.open(empty, List.of(), null, 0, 1))
                .getMessage().contains("no class subfolders"));
        Path one = tmp.resolve("one");
        DataFolders.writeImages(one.resolve("covid"), 3, 1);
        assertTrue(assertThrows(DatasetException.class, () -> FolderDataset.open(one, List.of(), null, 0, 1))
                .getMessage().contains("at least 2 classes"));
        assertTrue(assertThrows(DatasetException.class, () -> FolderDataset.open(one, List.of("covid", "normal"), null, 0, 1))
                .getMessage().contains("no class folder 'normal'"));
        assertTrue(assertThrows(DatasetException.class, () -> FolderDataset.open(tmp.resolve("nope"), List.of(), null, 0, 1))
                .getMessage().contains("not a folder"));
    }
}
