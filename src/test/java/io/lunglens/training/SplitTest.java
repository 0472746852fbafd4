package io.lunglens.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SplitTest {

    @TempDir
    Path tmp;

    @Test
    void stratifiedDisjointAndReproducible() throws Exception {
        DataFolders.writeImages(tmp.resolve("covid"), 30, 1);
        DataFolders.writeImages(tmp.resolve("normal"), 20, 2);
        FolderDataset d = FolderDataset.open(tmp, List.of(), null, 0, 1);
        Split s = Split.of(d, Split.parsePercent("80/10/10"), 42);
        assertEquals(24 + 16, s.train().size());
        assertEquals(3 + 2, s.validation().size());
        assertEquals(3 + 2, s.test().size());
        assertEquals(3, s.test().stream().filter(x -> x.label() == 0).count());
        Set<Path> seen = new HashSet<>();
        Stream.of(s.train(), s.validation(), s.test()).flatMap(List::stream)
                .forEach(x -> assertTrue(seen.add(x.file()), "in two splits: " + x.file()));
        assertEquals(50, seen.size());
        assertEquals(s, Split.of(d, Split.parsePercent("80/10/10"), 42));
        assertNotEquals(s.test(), Split.of(d, Split.parsePercent("80/10/10"), 43).test());
    }

    @Test
    void tooFewImagesAndBadPercentagesAreRefused() throws Exception {
        DataFolders.writeImages(tmp.resolve("covid"), 4, 1);
        DataFolders.writeImages(tmp.resolve("normal"), 20, 2);
        FolderDataset d = FolderDataset.open(tmp, List.of(), null, 0, 1);
        DatasetException e = assertThrows(DatasetException.class, () -> Split.of(d, Split.parsePercent("80/10/10"), 1));
        assertTrue(e.getMessage().contains("'covid' has 4 images, too few"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Split.parsePercent("80/20"));
        assertThrows(IllegalArgumentException.class, () -> Split.parsePercent("80/10/20"));
        assertThrows(IllegalArgumentException.class, () -> Split.parsePercent("90/10/0"));
    }
}
