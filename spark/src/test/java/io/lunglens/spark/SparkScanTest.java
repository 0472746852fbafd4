package io.lunglens.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunglens.model.Classifier;
import io.lunglens.scan.ScanCsv;
import io.lunglens.scan.ScanJob;
import io.lunglens.scan.ScanListener;
import io.lunglens.scan.ScanOptions;
import io.lunglens.scan.ScanRow;
import io.lunglens.scan.ScanSummary;
import io.lunglens.synth.PhantomSpec;
import io.lunglens.synth.SynthJob;
import io.lunglens.task.Progress;
import io.lunglens.training.EvaluationText;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The Spark job against {@code lunglens scan} itself, on the shipped demo model and a folder of phantoms. */
class SparkScanTest {

    @TempDir
    static Path tmp;
    static Path folder;
    static Path corrupt;
    static ScanSummary local;
    static List<ScanRow> localRows;

    @BeforeAll
    static void scanLocally() throws Exception {
        folder = tmp.resolve("phantoms");
        new SynthJob(folder, 5, 21, PhantomSpec.standard(224), false).run(Progress.none());
        corrupt = folder.resolve("COVID/images/corrupt.png");
        Files.write(corrupt, "not a PNG at all".getBytes(StandardCharsets.US_ASCII));
        Path csv = tmp.resolve("scan.csv");
        Classifier classifier = ExecutorModel.get(demoModel().toString(), new org.apache.hadoop.conf.Configuration(), 2);
        local = new ScanJob(classifier, ScanOptions.of(folder, csv), ScanListener.NONE).run(Progress.none());
        localRows = new ScanCsv(true, false).read(csv);
        assertEquals(11, localRows.size(), "10 phantoms and the corrupt file, not the masks or lesion maps");
        assertTrue(local.labelled(), "the phantom folder is labelled and the demo model scores it");
    }

    @AfterAll
    static void clearHook() {
        System.clearProperty(ArchiveScan.FAIL_ONCE);
    }

    @Test
    void sparkGivesTheScansRowsAndMetrics() throws Exception {
        Path out = tmp.resolve("spark-csv");
        StringWriter said = new StringWriter();
        int code = new CommandLine(new Main()).setOut(new PrintWriter(said)).execute("scan", folder.toString(),
                "--model", demoModel().toString(), "--out", out.toString(), "--master", "local[2]",
                "--partitions", "3");
        assertEquals(0, code, said.toString());

        List<ScanRow> rows = new ArrayList<>();
        for (Path part : parts(out, ".csv")) {
            rows.addAll(new ScanCsv(true, false).read(part));
        }
        assertSameRows(localRows, rows);
        ScanRow bad = byPath(rows).get(corrupt.toString());
        assertTrue(bad.isError() && bad.error().contains("corrupt.png"), "the corrupt file is a row with its reason");

        String table = EvaluationText.metricsTable(local.evaluation());
        assertEquals(table, Files.readString(out.resolve(SparkScanCommand.METRICS_FILE)));
        assertTrue(said.toString().contains(table), said.toString());
    }

    /** Also reads the folder through a file system other than file:, staged a chunk at a time. */
    @Test
    void aTaskThatFailsOnceIsRetriedWithoutDuplicateRows() throws Exception {
        Path out = tmp.resolve("spark-retry");
        System.setProperty(ArchiveScan.FAIL_ONCE, "1");
        // local[2,2]: two threads, and a task may fail twice before the job does (local mode does not retry by default).
        SparkSession spark = SparkSession.builder().master("local[2,2]").appName("retry")
                .config("spark.ui.enabled", false)
                .config("spark.hadoop.fs." + ElsewhereFileSystem.SCHEME + ".impl", ElsewhereFileSystem.class.getName())
                .getOrCreate();
        AtomicInteger failed = new AtomicInteger();
        spark.sparkContext().addSparkListener(new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                if (!end.taskInfo().successful()) {
                    failed.incrementAndGet();
                }
            }
        });
        try {
            String elsewhere = ElsewhereFileSystem.SCHEME + ":" + folder;
            ArchiveScan.Result r = ArchiveScan.run(spark, new ArchiveScan.Options(elsewhere,
                    demoModel().toString(), out.toString(), "parquet", 3, 2, false, false));
            List<Row> written = spark.read().parquet(out.toString()).collectAsList();
            List<String> paths = written.stream().map(w -> w.getString(0)).toList();
            assertEquals(localRows.size(), paths.size(), "one row per file: the failed attempt's rows are not kept");
            assertEquals(localRows.stream().map(l -> ElsewhereFileSystem.SCHEME + ":" + l.path())
                    .collect(Collectors.toSet()), new HashSet<>(paths));
            assertEquals(localRows.size(), r.files());
            assertEquals(1, r.errors());
            assertEquals(EvaluationText.metricsTable(local.evaluation()), EvaluationText.metricsTable(r.evaluation()));
        } finally {
            spark.stop();
            System.clearProperty(ArchiveScan.FAIL_ONCE);
        }
        assertEquals(1, failed.get(), "the test hook failed exactly one task attempt");
    }

    private static void assertSameRows(List<ScanRow> expected, List<ScanRow> actual) {
        assertEquals(expected.size(), actual.size());
        Map<String, ScanRow> got = byPath(actual);
        assertEquals(expected.size(), got.size(), "no file twice");
        for (ScanRow e : expected) {
            ScanRow a = got.get(e.path().toString());
            String what = e.path().toString();
            assertFalse(a == null, what + " has a row");
            assertEquals(e.label(), a.label(), what);
            assertEquals(e.error(), a.error(), what);
            assertEquals(e.trueLabel(), a.trueLabel(), what);
            assertEquals(e.file(), a.file(), what);
            assertEquals(e.gate(), a.gate(), what);
            if (!e.isError()) {
                assertEquals(e.calibrated(), a.calibrated(), 1e-5, what);
                assertEquals(e.raw(), a.raw(), 1e-5, what);
            }
        }
    }

    private static Map<String, ScanRow> byPath(List<ScanRow> rows) {
        return rows.stream().collect(Collectors.toMap(r -> r.path().toString(), Function.identity(), (x, y) -> x));
    }

    private static List<Path> parts(Path out, String suffix) throws IOException {
        try (Stream<Path> s = Files.list(out)) {
            List<Path> parts = s.filter(p -> p.getFileName().toString().startsWith("part-")
                    && p.getFileName().toString().endsWith(suffix)).sorted().toList();
            assertFalse(parts.isEmpty(), "part files in " + out);
            return parts;
        }
    }

    /** The shipped demo model, models/demo beside spark/ in the repository. */
    static Path demoModel() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path demo = dir.resolve("models/demo");
            if (Files.isRegularFile(demo.resolve("model.json"))) {
                return demo;
            }
        }
        throw new IllegalStateException("models/demo not found above " + Path.of("").toAbsolutePath());
    }
}
