package io.lunglens.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunglens.task.CancelToken;
import io.lunglens.task.CancelledException;
import io.lunglens.task.Progress;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real runs of SynthJob into temporary folders, at small sizes. */
class SynthJobTest {

    @TempDir
    Path tmp;

    private static final PhantomSpec SMALL = PhantomSpec.standard(96);

    @Test
    void sameArgumentsGiveByteIdenticalFiles() throws Exception {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        new SynthJob(a, 3, 7, SMALL, false, 1).run(Progress.none());
        new SynthJob(b, 3, 7, SMALL, false, 2).run(Progress.none());
        List<Path> files = list(a);
        assertEquals(3 * 3 * 2 + 1, files.size());
        for (Path f : files) {
            assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(b.resolve(a.relativize(f))), "differs: " + a.relativize(f));
        }
    }

    @Test
    void aPhantomDoesNotDependOnTheCountOrOtherSeeds() throws Exception {
        Path two = tmp.resolve("two");
        Path four = tmp.resolve("four");
        Path other = tmp.resolve("other");
        new SynthJob(two, 2, 7, SMALL, false).run(Progress.none());
        new SynthJob(four, 4, 7, SMALL, false).run(Progress.none());
        new SynthJob(other, 2, 8, SMALL, false).run(Progress.none());
        Path img = Path.of("COVID", "images", "COVID-2.png");
        assertArrayEquals(Files.readAllBytes(two.resolve(img)), Files.readAllBytes(four.resolve(img)));
        assertFalse(Arrays.equals(Files.readAllBytes(two.resolve(img)), Files.readAllBytes(other.resolve(img))));
    }

    @Test
    void layoutMasksAndCsvFollowTheRadiographyDatabase() throws Exception {
        Path out = tmp.resolve("out");
        SynthResult r = new SynthJob(out, 2, 3, new PhantomSpec(80, Difficulty.EASY, Shortcut.NONE, true), false).run(Progress.none());
        assertEquals(4, r.images());
        for (String label : SynthJob.LABELS) {
            for (String folder : SynthJob.FOLDERS) {
                for (int i = 1; i <= 2; i++) {
                    Path f = out.resolve(label).resolve(folder).resolve(label + "-" + i + ".png");
                    BufferedImage img = ImageIO.read(f.toFile());
                    assertEquals(80, img.getWidth());
                    assertEquals(80, img.getHeight());
                    int bits = img.getColorModel().getComponentSize(0);
                    assertEquals(folder.equals("images") ? 16 : 8, bits, f.toString());
                    if (!folder.equals("images")) {
                        int[] px = img.getRaster().getPixels(0, 0, 80, 80, (int[]) null);
                        assertTrue(Arrays.stream(px).allMatch(v -> v == 0 || v == 255), "binary mask " + f);
                    }
                }
            }
        }
        List<String> lines = Files.readAllLines(r.csv());
        assertEquals(SynthJob.CSV_HEADER, lines.get(0));
        assertEquals("file,label,index,seed,severity,lesion_fraction,bilateral,lesions,ctr,difficulty,shortcut,size,bits,flags",
                lines.get(0));
        assertEquals(5, lines.size());
        String[] covid = lines.get(1).split(",", -1);
        assertEquals(14, covid.length);
        assertEquals("COVID/images/COVID-1.png", covid[0]);
        assertEquals("COVID", covid[1]);
        assertEquals("3", covid[3]);
        assertTrue(Double.parseDouble(covid[4]) > 0);
        assertTrue(Double.parseDouble(covid[5]) > 0);
        assertEquals("easy", covid[9]);
        assertEquals("none", covid[10]);
        assertEquals("80", covid[11]);
        assertEquals("16", covid[12]);
        String[] normal = lines.get(3).split(",", -1);
        assertEquals("Normal/images/Normal-1.png", normal[0]);
        assertEquals(0.0, Double.parseDouble(normal[5]));
        assertEquals("false", normal[6]);
    }

    @Test
    void shortcutMarkerTagsOnlyCovidImages() {
        PhantomSpec spec = new PhantomSpec(128, Difficulty.STANDARD, Shortcut.MARKER, false);
        for (int i = 0; i < 4; i++) {
            Phantom covid = PhantomGenerator.generate(spec, true, 5, i);
            Phantom normal = PhantomGenerator.generate(spec, false, 5, i);
            assertTrue(covid.flags().contains("shortcut_tag"));
            assertFalse(normal.flags().contains("shortcut_tag"));
            // Same normal image with or without the shortcut mode: only COVID images change.
            assertArrayEquals(PhantomGenerator.generate(PhantomSpec.standard(128), false, 5, i).pixels(), normal.pixels());
            int differing = 0;
            int[] plain = PhantomGenerator.generate(PhantomSpec.standard(128), true, 5, i).pixels();
            for (int k = 0; k < plain.length; k++) {
                if (plain[k] != covid.pixels()[k] && (k % 128 > 20 || k / 128 > 20)) {
                    differing++;
                }
            }
            assertEquals(0, differing, "the tag must stay in the top-left corner");
        }
    }

    @Test
    void refusesANonEmptyFolderWithoutForce() throws Exception {
        Path out = tmp.resolve("busy");
        Files.createDirectories(out);
        Path keep = Files.writeString(out.resolve("notes.txt"), "mine");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SynthJob(out, 1, 1, SMALL, false).run(Progress.none()));
        assertTrue(e.getMessage().contains("not empty") && e.getMessage().contains(out.toString()), e.getMessage());
        assertFalse(Files.exists(out.resolve("COVID")));

        new SynthJob(out, 3, 1, SMALL, true).run(Progress.none());
        new SynthJob(out, 1, 1, SMALL, true).run(Progress.none());
        assertFalse(Files.exists(out.resolve("COVID/images/COVID-3.png")), "--force must remove the old run's phantoms");
        assertTrue(Files.exists(out.resolve("COVID/images/COVID-1.png")));
        assertEquals("mine", Files.readString(keep), "--force must keep files it did not write");
    }

    @Test
    void badArgumentsAreRefusedWithAReason() throws IOException {
        assertThrows(IllegalArgumentException.class, () -> new SynthJob(tmp.resolve("x"), -1, 1, SMALL, false));
        assertThrows(IllegalArgumentException.class, () -> new SynthJob(tmp.resolve("x"), 0, 1, SMALL, false));
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class, () -> PhantomSpec.standard(63));
        assertTrue(small.getMessage().contains("63"));
        Path file = Files.writeString(tmp.resolve("file"), "x");
        IllegalArgumentException under = assertThrows(IllegalArgumentException.class,
                () -> new SynthJob(file.resolve("sub"), 1, 1, SMALL, false).run(Progress.none()));
        assertTrue(under.getMessage().contains(file.resolve("sub").toString()), under.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SynthJob(file, 1, 1, SMALL, false).run(Progress.none()));
        assertThrows(IllegalArgumentException.class, () -> Difficulty.parse("medium"));
        assertThrows(IllegalArgumentException.class, () -> Shortcut.parse("tag"));
    }

    @Test
    void cancelStopsWithoutAnIndex() {
        Path out = tmp.resolve("cancelled");
        CancelToken token = new CancelToken();
        token.cancel();
        assertThrows(CancelledException.class, () -> new SynthJob(out, 5, 1, SMALL, false).run(token));
        assertFalse(Files.exists(out.resolve(SynthJob.CSV)));
    }

    private static List<Path> list(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
