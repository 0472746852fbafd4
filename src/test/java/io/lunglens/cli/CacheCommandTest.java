package io.lunglens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunglens.training.DataFolders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** lunglens cache in a child with its own home: a training fills the cache, `cache` shows it, `--clear` empties it. */
class CacheCommandTest {

    @TempDir
    Path tmp;

    @Test
    void showsWhereAndHowMuchAndClears() throws Exception {
        Path home = tmp.resolve("home");
        Path cache = home.resolve("cache").resolve("inputs");
        Path data = tmp.resolve("data");
        DataFolders.writeBlobs(data, 6, 4);
        try (ChildRun train = ChildRun.start(tmp, home, "train", data.toString(), "--arch", "tiny-resnet-lstm",
                "--size", "32", "--batch", "2", "--epochs", "1", "--split", "50/25/25", "--out",
                tmp.resolve("m").toString())) {
            assertEquals(0, train.await(3), String.join("\n", train.err()));
        }
        long entries;
        try (Stream<Path> s = Files.walk(cache)) {
            entries = s.filter(p -> p.toString().endsWith(".f16")).count();
        }
        assertEquals(8, entries, "the 4 training and 4 validation images, decoded once each");
        try (ChildRun show = ChildRun.start(tmp, home, "cache")) {
            assertEquals(0, show.await(1), String.join("\n", show.err()));
            List<String> out = show.out();
            assertEquals("cache " + cache, out.get(0));
            assertTrue(out.get(1).matches("8 file\\(s\\), [0-9.]+ KB of 10\\.00 GB"), out.get(1));
        }
        try (ChildRun clear = ChildRun.start(tmp, home, "cache", "--clear")) {
            assertEquals(0, clear.await(1), String.join("\n", clear.err()));
            assertEquals("cleared " + cache + ": 8 file(s) removed", clear.out().get(0));
        }
        try (Stream<Path> s = Files.walk(cache)) {
            assertEquals(0, s.filter(p -> p.toString().endsWith(".f16")).count());
        }
    }
}
