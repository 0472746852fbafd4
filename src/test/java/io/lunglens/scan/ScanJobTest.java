package io.lunglens.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunglens.gate.GateResult;
import io.lunglens.imaging.ImageLoader;
import io.lunglens.model.Classifier;
import io.lunglens.model.ModelCard;
import io.lunglens.task.CancelToken;
import io.lunglens.task.CancelledException;
import io.lunglens.task.Progress;
import io.lunglens.synth.PhantomSpec;
import io.lunglens.synth.SynthJob;
import io.lunglens.training.DataFolders;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScanJobTest {

    @TempDir
    static Path shared;
    static Classifier classifier;

    @TempDir
    Path tmp;

    @BeforeAll
    static void model() throws Exception {
        classifier = Classifier.load(ScanFixtures.tinyModel(shared.resolve("tiny"), ModelCard.DEFAULT_CLASSES,
                ModelCard.DEFAULT_POSITIVE));
    }

    @AfterAll
    static void close() {
        classifier.close();
    }

    @Test
    void mixedFolderGivesExactlyOneRowPerFileAndBadFilesTheirReasons() throws Exception {
        Path dir = tmp.resolve("mixed");
        List<List<Path>> f = ScanFixtures.mixedFolder(dir);
        Set<Path> expected = new HashSet<>(f.get(0));
        Set<Path> broken = new HashSet<>(f.get(1));
        Path out = tmp.resolve("out/scan.csv");
        List<ScanRow> heard = Collections.synchronizedList(new ArrayList<>());
        ScanSummary s = new ScanJob(classifier, ScanOptions.of(dir, out), new ScanListener() {
            @Override
            public void rows(List<ScanRow> rows) {
                heard.addAll(rows);
            }
        }).run(Progress.none());

        List<ScanRow> rows = new ScanCsv(false, false).read(out);
        assertEquals(expected.size(), rows.size());
        assertEquals(expected, paths(rows), "one row per file, no more, no less");
        assertEquals(rows.size(), heard.size());
        assertFalse(Files.exists(ScanOptions.of(dir, out).partial()), "the partial file is gone once complete");
        assertEquals(broken.size(), s.errors());
        assertEquals(expected.size(), s.files());
        assertFalse(s.labelled());
        for (ScanRow r : rows) {
            if (broken.contains(r.path())) {
                assertTrue(r.isError() && r.error().contains(r.path().getFileName().toString()), r.toString());
                assertEquals("", r.label());
            } else {
                assertFalse(r.isError(), r.toString());
                assertTrue(ModelCard.DEFAULT_CLASSES.contains(r.label()), r.toString());
                assertTrue(r.calibrated() >= 0 && r.calibrated() <= 1 && r.raw() >= 0 && r.raw() <= 1, r.toString());
                assertTrue(r.width() > 0 && r.height() > 0 && r.millis() > 0, r.toString());
            }
        }
        ScanRow sample = rows.stream().filter(r -> r.path().endsWith("nih_00001280_004.png")).findFirst().orElseThrow();
        // At 64² input this film is decoded at every 5th pixel; the CSV still gives the file's own size.
        int size = classifier.card().inputSize();
        assertEquals(5, ImageLoader.loadForModel(sample.path(), size).step());
        assertEquals(List.of(1024, 1024, "PNG"), List.of(sample.width(), sample.height(), sample.format()));
        ScanRow dcm = rows.stream().filter(r -> r.path().endsWith("rle16.dcm")).findFirst().orElseThrow();
        assertEquals("DICOM", dcm.format());
        assertEquals(expected.size() - broken.size(), s.perLabel().values().stream().mapToInt(i -> i).sum() + s.gated());
        assertEquals(rows.stream().filter(ScanRow::isGated).count(), s.gated());
        // The batch path must agree with a plain prediction of the same decode of the file.
        double single = classifier.predict(ImageLoader.loadForModel(sample.path(), size).image()).positiveProbability();
        assertEquals(single, sample.calibrated(), 1e-5);
    }

    @Test
    void refusedImagesAreMarkedInTheCsvAndLeftOutOfTheMetricsUnlessUngated() throws Exception {
        Path dir = tmp.resolve("labelled");
        new SynthJob(dir, 4, 5, PhantomSpec.standard(128), false).run(Progress.none());
        Path screenshot = dir.resolve("COVID/images/screenshot.png");
        Files.copy(Path.of("docs/screenshots/retrain.png"), screenshot);
        Layout layout = Layout.of(dir, List.of("Normal", "COVID"));
        Path model = ScanFixtures.tinyModel(tmp.resolve("covid-normal"), List.of("Normal", "COVID"), "COVID");
        try (Classifier c = Classifier.load(model)) {
            Path out = tmp.resolve("gated.csv");
            ScanSummary s = new ScanJob(c, ScanOptions.of(dir, out), new ScanListener() { }).run(Progress.none());
            List<String> lines = Files.readAllLines(out);
            assertTrue(lines.get(0).contains(",error,frontal_cxr,in_training_domain,true_label"), lines.get(0));
            String shot = lines.stream().filter(l -> l.contains("screenshot.png")).findFirst().orElseThrow();
            assertTrue(shot.endsWith(",,false,true,COVID"), shot);
            assertEquals(8, lines.stream().filter(l -> l.endsWith(",true,true,COVID") || l.endsWith(",true,true,Normal"))
                    .count(), "every phantom passes: " + lines);
            assertTrue(layout.labelled());
            assertEquals(1, s.gated());
            assertEquals(8, s.evaluation().rows().size());
            assertEquals(List.of(screenshot + ": " + GateResult.NOT_FRONTAL), s.evaluation().gated());
            assertEquals(8, s.perLabel().values().stream().mapToInt(Integer::intValue).sum(), "no verdict counted");

            ScanSummary all = new ScanJob(c, ScanOptions.of(dir, tmp.resolve("all.csv")).withUngated(true),
                    new ScanListener() { }).run(Progress.none());
            assertEquals(9, all.evaluation().rows().size());
            assertTrue(all.evaluation().gated().isEmpty());
        }
    }

    @Test
    void cancelKeepsEveryFinishedRowAndResumeEndsLikeAnUninterruptedRun() throws Exception {
        Path dir = tmp.resolve("many");
        DataFolders.writeImages(dir.resolve("a"), 30, 1);
        DataFolders.writeImages(dir.resolve("b"), 20, 2);
        Files.writeString(dir.resolve("b/broken.png"), "broken");
        Path whole = tmp.resolve("whole.csv");
        ScanSummary ref = new ScanJob(classifier, ScanOptions.of(dir, whole), ScanListener.NONE).run(Progress.none());
        assertEquals(51, ref.files());

        Path out = tmp.resolve("resumed.csv");
        ScanOptions opts = ScanOptions.of(dir, out).withDecoders(2);
        CancelToken token = new CancelToken();
        List<ScanRow> before = new ArrayList<>();
        ScanListener cancelAfterTwoBatches = new ScanListener() {
            @Override
            public void rows(List<ScanRow> rows) {
                before.addAll(rows);
                if (before.size() >= 16) {
                    token.cancel();
                }
            }
        };
        assertThrows(CancelledException.class, () -> new ScanJob(classifier, opts, cancelAfterTwoBatches).run(token));
        assertFalse(Files.exists(out), "no final file after a cancel");
        List<ScanRow> partial = new ScanCsv(false, false).read(opts.partial());
        assertEquals(paths(before), paths(partial), "the partial file holds every row finished before the cancel");
        assertEquals(16, partial.size());

        // A crash mid-write leaves half a line; resume must ignore it.
        Files.writeString(opts.partial(), dir.resolve("b/img019.png") + ",Normal,0.5", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        ScanSummary s = new ScanJob(classifier, opts.withResume(true), ScanListener.NONE).run(Progress.none());
        assertEquals(16, s.resumed());
        assertEquals(51 - 16, s.scanned());
        assertFalse(Files.exists(opts.partial()));
        assertEquals(comparable(new ScanCsv(false, false).read(whole)), comparable(new ScanCsv(false, false).read(out)));

        // Resuming a finished scan scans nothing but the file that failed, and keeps the rest.
        ScanSummary again = new ScanJob(classifier, opts.withResume(true), ScanListener.NONE).run(Progress.none());
        assertEquals(List.of(50, 1, 51), List.of(again.resumed(), again.scanned(), again.files()));
    }

    @Test
    void resumeRefusesAFileWrittenWithOtherColumns() throws Exception {
        Path dir = tmp.resolve("few");
        DataFolders.writeImages(dir, 3, 1);
        Path out = tmp.resolve("ids.csv");
        new ScanJob(classifier, ScanOptions.of(dir, out).withDicomIds(true), ScanListener.NONE).run(Progress.none());
        var e = assertThrows(IOException.class, () -> new ScanJob(classifier,
                ScanOptions.of(dir, out).withResume(true), ScanListener.NONE).run(Progress.none()));
        assertTrue(e.getMessage().contains("written with other columns"), e.getMessage());
    }

    private static Set<Path> paths(List<ScanRow> rows) {
        Set<Path> s = new HashSet<>();
        for (ScanRow r : rows) {
            assertTrue(s.add(r.path()), "duplicate row for " + r.path());
        }
        return s;
    }

    /** Everything but the timing, with probabilities to 4 places (batches differ between the runs). */
    private static Map<Path, String> comparable(List<ScanRow> rows) {
        Map<Path, String> m = new TreeMap<>();
        for (ScanRow r : rows) {
            m.put(r.path(), String.format(Locale.ROOT, "%s %.4f %.4f %d %d %s %s", r.label(), r.calibrated(),
                    r.raw(), r.width(), r.height(), r.format(), r.error()));
        }
        return m;
    }
}
