package io.lunglens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunglens.scan.ScanFixtures;
import io.lunglens.training.DataFolders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to a real lunglens process in the middle of its work: it stops between batches within 10 s, exits
 * non-zero with one line, leaves no half-written model and no JVM crash log, and a scan's rows stay resumable.
 */
class StopCleanlyTest {

    @TempDir
    static Path shared;
    static Path model;

    @TempDir
    Path tmp;

    @BeforeAll
    static void model() throws Exception {
        model = ScanFixtures.tinyModel(shared.resolve("tiny"), List.of("clear", "lesion"), "lesion");
    }

    @Test
    void trainStopsBetweenBatchesAndWritesNoModel() throws Exception {
        Path data = tmp.resolve("data");
        DataFolders.writeBlobs(data, 20, 3);
        Path models = Files.createDirectories(tmp.resolve("models"));
        try (ChildRun run = ChildRun.start(tmp, tmp.resolve("home"), "train", data.toString(), "--arch",
                "tiny-resnet-lstm", "--size", "64", "--batch", "4", "--epochs", "500", "--patience", "0",
                "--split", "60/20/20", "--out", models.resolve("stopped").toString())) {
            assertTrue(run.awaitErr(l -> l.startsWith("  epoch 1: batch"), 5), "training started: " + run.err());
            stopsWithOneLine(run, "lunglens train: cancelled; no model was written"
                    + " (continue with: lunglens train --resume stopped)");
        }
        try (Stream<Path> left = Files.list(models)) {
            assertEquals(List.of(), left.toList(), "no model, not even a temporary folder");
        }
    }

    /** Scanned images for the stop test: at a few ms each the scan lasts longer than its first progress line. */
    private static final int FILES = 3000;

    @Test
    void scanStopsAndResumesFromItsPartialCsv() throws Exception {
        Path images = tmp.resolve("images");
        // Enough tiny images that the scan is still running when its first progress line (after 2 s) comes.
        DataFolders.writeImages(images, FILES, 5);
        Path csv = tmp.resolve("scan.csv");
        String[] args = {"scan", images.toString(), "--model", model.toString(), "--out", csv.toString(),
            "--batch", "1", "--decoders", "1"};
        try (ChildRun run = ChildRun.start(tmp, tmp.resolve("home"), args)) {
            // The progress line comes after two seconds of scanning, so rows are written by then.
            assertTrue(run.awaitErr(l -> l.startsWith("scan "), 5), "scan started: " + run.err());
            stopsWithOneLine(run, "lunglens scan: cancelled; finished rows are in " + csv + ".partial"
                    + " (run again with --resume to continue)");
        }
        assertFalse(Files.exists(csv), "the CSV appears only once the scan is complete");
        int kept = Files.readAllLines(Path.of(csv + ".partial")).size() - 1;
        assertTrue(kept > 0 && kept < FILES, kept + " rows kept");

        String[] resumed = new String[args.length + 1];
        System.arraycopy(args, 0, resumed, 0, args.length);
        resumed[args.length] = "--resume";
        try (ChildRun run = ChildRun.start(tmp, tmp.resolve("home"), resumed)) {
            assertEquals(0, run.await(30), String.join("\n", run.err()));
            String summary = FILES + " files: " + (FILES - kept) + " scanned now, " + kept + " kept from before";
            assertTrue(run.out().stream().anyMatch(l -> l.startsWith(summary)), String.join("\n", run.out()));
        }
        List<String> rows = Files.readAllLines(csv);
        assertEquals(FILES + 1, rows.size());
        assertEquals(FILES, rows.stream().skip(1).map(l -> l.substring(0, l.indexOf(','))).distinct().count(),
                "every image once");
    }

    @Test
    void evaluateStopsAndWritesNothing() throws Exception {
        Path data = tmp.resolve("data");
        DataFolders.writeBlobs(data, 300, 4);
        Path csv = tmp.resolve("rows.csv");
        try (ChildRun run = ChildRun.start(tmp, tmp.resolve("home"), "evaluate", data.toString(), "--model",
                model.toString(), "--csv", csv.toString())) {
            assertTrue(run.awaitErr(l -> l.startsWith("evaluate "), 5), "evaluation started: " + run.err());
            stopsWithOneLine(run, "lunglens evaluate: cancelled; nothing was written");
        }
        assertFalse(Files.exists(csv));
    }

    @Test
    void synthStopsAndSaysWhereItsFilesAre() throws Exception {
        Path out = tmp.resolve("phantoms");
        try (ChildRun run = ChildRun.start(tmp, tmp.resolve("home"), "synth", out.toString(), "--per-class", "2000",
                "--seed", "1", "--size", "256", "--threads", "1")) {
            assertTrue(run.awaitErr(l -> l.startsWith("synth "), 5), "synth started: " + run.err());
            stopsWithOneLine(run, "lunglens synth: cancelled; the phantoms written so far are in " + out
                    + " (run again with --force to start over)");
        }
    }

    /** SIGTERM; the child must end within 10 s, non-zero, with this last stderr line and no JVM crash log. */
    private void stopsWithOneLine(ChildRun run, String line) throws InterruptedException, IOException {
        Integer code = run.terminate(10);
        assertNotNull(code, "still running 10 s after SIGTERM: " + run.err());
        assertNotEquals(0, code);
        assertEquals(line, run.lastErrLine(), "exit " + code + ": " + String.join("\n", run.err()));
        assertTrue(run.err().stream().noneMatch(l -> l.startsWith("\tat ") || l.contains("Exception")),
                String.join("\n", run.err()));
        try (Stream<Path> crash = Files.list(tmp)) {
            assertEquals(List.of(), crash.filter(p -> p.getFileName().toString().startsWith("hs_err_pid")).toList());
        }
    }
}
