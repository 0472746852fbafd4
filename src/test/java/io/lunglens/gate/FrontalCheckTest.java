package io.lunglens.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lunglens.gate.FrontalSamples.Sample;
import io.lunglens.imaging.ImageInfo;
import io.lunglens.imaging.Photometric;
import io.lunglens.imaging.XrayImage;
import io.lunglens.synth.PhantomGenerator;
import io.lunglens.synth.PhantomSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The shipped frontal check on images it was not fitted on, and on inputs no film looks like. */
class FrontalCheckTest {

    private static final FrontalCheck CHECK = FrontalCheck.standard();
    private static List<FrontalEval.Row> held;

    /** The held-out part, scored once; the tests that need it are skipped where ../shared/data is missing. */
    private static synchronized List<FrontalEval.Row> held() {
        assumeTrue(Files.isDirectory(FrontalSamples.CXR_DEV), "needs ../shared/data/cxr-dev");
        if (held == null) {
            List<Sample> samples = FrontalSamples.all(FrontalFit.PER_KIND).stream().filter(s -> !s.fit()).toList();
            held = FrontalEval.rows(FrontalEval.score(CHECK, samples));
            System.out.print(FrontalEval.table(held));
        }
        return held;
    }

    @Test
    void acceptsHeldOutFrontalFilms() {
        double rate = FrontalEval.pooled(held(), "frontal CXR");
        assertTrue(rate >= 0.97, "held-out frontal films accepted: " + rate);
    }

    @Test
    void rejectsHeldOutLateralFilmsAndCtSlices() {
        double rate = FrontalEval.pooled(held(), "lateral CXR", "CT slice");
        assertTrue(rate >= 0.95, "held-out lateral and CT rejected: " + rate);
        assertTrue(FrontalEval.pooled(held(), "lateral CXR") >= 0.9);
        assertTrue(FrontalEval.pooled(held(), "CT slice") >= 0.9);
    }

    @Test
    void rejectsHeldOutScreenshotsAndNaturalImages() {
        double rate = FrontalEval.pooled(held(), "screenshots", "scikit-image", "text pages", "noise");
        assertTrue(rate >= 0.95, "held-out screenshots, photos, text and noise rejected: " + rate);
        assertTrue(FrontalEval.pooled(held(), "screenshots") >= 0.95);
    }

    /** The first example: a screenshot of LungLens read as COVID. Fitted and held-out ones alike. */
    @Test
    void rejectsEveryScreenshotOfTheApp() throws Exception {
        List<Path> shots;
        try (Stream<Path> s = Files.list(FrontalSamples.SCREENSHOTS)) {
            shots = s.filter(p -> p.toString().endsWith(".png")).sorted().toList();
        }
        assertTrue(shots.size() >= 7, "docs/screenshots has " + shots.size());
        for (Path p : shots) {
            FrontalCheck.Result r = CHECK.check(FrontalSamples.load(p));
            assertFalse(r.frontal(), p.getFileName() + " scored " + r.score());
        }
    }

    @Test
    void acceptsFreshPhantoms() {
        int[] sizes = {224, 512};
        long accepted = IntStream.range(0, 20).parallel().filter(i -> CHECK.check(PhantomGenerator.generate(
                PhantomSpec.standard(sizes[i % 2]), i % 2 == 0, 987_654L, i).toXrayImage()).frontal()).count();
        assertEquals(20, accepted, "fresh phantoms (seed 987654) accepted");
    }

    @Test
    void acceptsTheTenSampleFilms() throws Exception {
        assumeTrue(Files.isDirectory(FrontalSamples.CXR_SAMPLES), "needs ../shared/data/cxr-samples");
        List<Path> files;
        try (Stream<Path> s = Files.walk(FrontalSamples.CXR_SAMPLES)) {
            files = s.filter(p -> p.toString().endsWith(".png")).sorted().toList();
        }
        assertEquals(10, files.size());
        for (Path f : files) {
            FrontalCheck.Result r = CHECK.check(FrontalSamples.load(f));
            assertTrue(r.frontal(), f.getFileName() + " scored " + r.score());
        }
    }

    @Test
    void constantImageIsNotAFilm() {
        int[] px = new int[512 * 512];
        Arrays.fill(px, 1234);
        FrontalCheck.Result r = CHECK.check(image(512, 512, 12, px, Photometric.MONOCHROME2, plain()));
        assertEquals(new FrontalCheck.Result(0, false), r);
    }

    @Test
    void tinyImagesGetAnAnswer() {
        SplittableRandom rng = new SplittableRandom(8);
        int[] px = rng.ints(64, 0, 256).toArray();
        FrontalCheck.Result r = CHECK.check(image(8, 8, 8, px, Photometric.MONOCHROME2, plain()));
        assertFalse(r.frontal(), "8x8 noise scored " + r.score());
        assertFalse(CHECK.check(image(1, 1, 8, new int[] {7}, Photometric.MONOCHROME2, plain())).frontal());
        assertFalse(CHECK.check(image(300, 1, 8, rng.ints(300, 0, 256).toArray(), Photometric.MONOCHROME2,
                plain())).frontal());
    }

    /** A DICOM-like film: 12 of 16 bits, MONOCHROME1 (dense dark in stored values), rescale and window. */
    @Test
    void sixteenBitMonochrome1FilmIsAccepted() {
        XrayImage p = PhantomGenerator.generate(PhantomSpec.standard(512), false, 31L, 2).toXrayImage();
        int[] px = Arrays.stream(p.pixels()).map(v -> 4095 - v * 16).toArray();
        ImageInfo info = new ImageInfo(Path.of("film.dcm"), "DICOM", 2048 - 1024, 4096, 1.0, -1024, "1.2.840.10008.1.2.1",
                Map.of());
        FrontalCheck.Result r = CHECK.check(image(512, 512, 12, px, Photometric.MONOCHROME1, info));
        assertTrue(r.frontal(), "16-bit MONOCHROME1 phantom scored " + r.score());
        int[] wrongWay = Arrays.stream(p.pixels()).map(v -> 4095 - v * 16).toArray();
        FrontalCheck.Result inverted = CHECK.check(image(512, 512, 12, wrongWay, Photometric.MONOCHROME2, info));
        assertTrue(inverted.score() < r.score(), "a negative film scores lower than the same film the right way");
    }

    /** A real film stored the way computed radiography does (as docs/screenshots/make-dicom-sample.sh makes it). */
    @Test
    void realFilmAsTwelveBitMonochrome1IsAccepted() {
        Path film = FrontalSamples.CXR_SAMPLES.resolve("normal/nih_00001280_004.png");
        assumeTrue(Files.exists(film), "needs ../shared/data/cxr-samples");
        XrayImage png = FrontalSamples.load(film);
        int[] px = Arrays.stream(png.pixels()).map(v -> (255 - v) * 16 + 8).toArray();
        ImageInfo info = new ImageInfo(Path.of("film.dcm"), "DICOM", 2048, 4096, 1.0, 0, "1.2.840.10008.1.2.1",
                Map.of());
        XrayImage dx = image(png.width(), png.height(), 12, px, Photometric.MONOCHROME1, info);
        assertEquals(CHECK.check(png).frontal(), CHECK.check(dx).frontal());
        assertTrue(CHECK.check(dx).frontal(), "12-bit MONOCHROME1 film scored " + CHECK.check(dx).score());
    }

    @Test
    void sameAnswerFromManyThreads() {
        XrayImage p = PhantomGenerator.generate(PhantomSpec.standard(256), true, 5L, 0).toXrayImage();
        double once = CHECK.check(p).score();
        assertTrue(IntStream.range(0, 64).parallel().mapToDouble(i -> CHECK.check(p).score()).allMatch(s -> s == once));
    }

    @Test
    void cardAndIdNameTheFittedVersion() {
        assertEquals("frontal-check " + FrontalFit.VERSION, CHECK.id());
        String card = CHECK.card();
        assertTrue(card.contains(String.format(Locale.ROOT, "%.3f", CHECK.threshold())), card);
        assertTrue(card.contains("CC BY-NC-SA"));
        assertTrue(CHECK.threshold() > 0 && CHECK.threshold() < 1);
    }

    private static ImageInfo plain() {
        return ImageInfo.plain(Path.of("test.png"), "PNG");
    }

    private static XrayImage image(int w, int h, int bits, int[] px, Photometric ph, ImageInfo info) {
        return new XrayImage(w, h, bits, px, ph, info);
    }
}
