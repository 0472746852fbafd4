package io.lunglens.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunglens.imaging.FileHash;
import io.lunglens.imaging.ImageLoader;
import io.lunglens.imaging.ModelInput;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The preprocessing cache on real PNG files: hits, keys, damaged entries and the size cap. */
class PreprocessCacheTest {

    @TempDir
    Path tmp;

    List<Sample> samples = new ArrayList<>();

    @BeforeEach
    void images() throws Exception {
        DataFolders.writeImages(tmp.resolve("img"), 6, 3);
        try (var s = Files.list(tmp.resolve("img"))) {
            for (Path f : s.sorted().toList()) {
                samples.add(new Sample(f, 0, FileHash.sha256(f), null));
            }
        }
    }

    private PreprocessCache cache(long max) {
        return new PreprocessCache(tmp.resolve("cache"), max);
    }

    @Test
    void float16RoundTripsEveryHalfAndRoundsToNearest() {
        for (int h = 0; h < 0x10000; h++) {
            float f = Half.toFloat((short) h);
            if (!Float.isNaN(f)) {
                assertEquals((short) h, Half.fromFloat(f), "half " + Integer.toHexString(h));
            }
        }
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < 100_000; i++) {
            float f = r.nextFloat();
            float back = Half.toFloat(Half.fromFloat(f));
            // 11 significant bits: half an ulp is at most 2^-12 of the value, and 2^-25 below 2^-14.
            assertTrue(Math.abs(back - f) <= Math.max(Math.abs(f) * 0x1p-11f, 0x1p-24f), f + " -> " + back);
        }
    }

    @Test
    void aMissDecodesAndStoresAndAHitNeedsNoFile() throws Exception {
        PreprocessCache c = cache(1 << 30);
        Sample s = samples.get(0);
        float[] exact = ModelInput.toTensorData(ImageLoader.load(s.file()), 32);
        float[] first = c.plane(s, 32);
        assertEquals(1, c.usage().files());
        for (int i = 0; i < exact.length; i++) {
            assertEquals(exact[i], first[i], 2.5e-4, "float16 of the plane");
        }
        Files.delete(s.file());
        assertArrayEquals(first, c.plane(s, 32), "read back from the cache, the source file is gone");
        assertThrows(UncheckedIOException.class, () -> c.plane(s, 48), "another size is another key: a miss");
    }

    @Test
    void theKeyIsTheFileHashTheSizeAndTheRule() throws Exception {
        PreprocessCache c = cache(1 << 30);
        Sample s = samples.get(0);
        Path copy = Files.copy(s.file(), tmp.resolve("copy.png"));
        c.plane(s, 32);
        c.plane(new Sample(copy, 1, s.sha256(), null), 32);
        assertEquals(1, c.usage().files(), "the same bytes elsewhere are the same entry");
        c.plane(s, 40);
        assertEquals(2, c.usage().files());
        String name = c.entry(s.sha256(), 32).getFileName().toString();
        assertTrue(name.startsWith(s.sha256() + "-32-" + PreprocessCache.SETTINGS), name);
    }

    @Test
    void damagedEntriesAreMadeAgainNeverTrusted() throws Exception {
        PreprocessCache c = cache(1 << 30);
        Sample s = samples.get(1);
        float[] good = c.plane(s, 32);
        Path entry = c.entry(s.sha256(), 32);
        byte[] b = Files.readAllBytes(entry);

        byte[] flipped = b.clone();
        flipped[100] ^= 0x40;
        Files.write(entry, flipped);
        assertArrayEquals(good, c.plane(s, 32), "a flipped bit fails the CRC; the plane is decoded again");
        assertArrayEquals(b, Files.readAllBytes(entry), "and the entry written again");

        Files.write(entry, java.util.Arrays.copyOf(b, b.length / 2));
        assertArrayEquals(good, c.plane(s, 32), "a truncated entry is made again");
        assertArrayEquals(b, Files.readAllBytes(entry));

        byte[] otherKey = b.clone();
        otherKey[8] ^= 1;
        Files.write(entry, otherKey);
        assertArrayEquals(good, c.plane(s, 32), "an entry naming another file's hash is not trusted");
    }

    @Test
    void pastTheCapTheLeastRecentlyUsedGo() throws Exception {
        long entry = 4 + 4 + 32 + 2 * 32 * 32 + 4;
        PreprocessCache c = cache(entry * 3 + entry / 2);
        for (int i = 0; i < 3; i++) {
            c.plane(samples.get(i), 32);
            Files.setLastModifiedTime(c.entry(samples.get(i).sha256(), 32), FileTime.fromMillis(1_000_000L * (i + 1)));
        }
        c.plane(samples.get(0), 32); // a hit: now the most recently used
        c.plane(samples.get(3), 32); // four entries: over the cap
        assertTrue(c.usage().bytes() <= c.maxBytes() * 9 / 10, c.usage().toString());
        assertTrue(Files.exists(c.entry(samples.get(0).sha256(), 32)), "used just now, kept");
        assertTrue(Files.exists(c.entry(samples.get(3).sha256(), 32)), "written just now, kept");
        assertFalse(Files.exists(c.entry(samples.get(1).sha256(), 32)), "least recently used, evicted");
        assertTrue(Files.exists(c.entry(samples.get(2).sha256(), 32)), "down to 90% of the cap after one eviction");
        assertEquals(3, c.usage().files());
    }

    @Test
    void clearEmptiesItAndSizesParse() throws Exception {
        PreprocessCache c = cache(1 << 30);
        samples.forEach(s -> c.plane(s, 32));
        assertEquals(6, c.clear());
        assertEquals(0, c.usage().files());
        assertNotEquals(samples.get(0).sha256(), "");
        assertEquals(10L << 30, PreprocessCache.parseSize("10g"));
        assertEquals(500L << 20, PreprocessCache.parseSize("500M"));
        assertEquals(1234, PreprocessCache.parseSize("1234"));
        assertThrows(IllegalArgumentException.class, () -> PreprocessCache.parseSize("lots"));
    }
}
