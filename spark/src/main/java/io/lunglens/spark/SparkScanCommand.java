package io.lunglens.spark;

import io.lunglens.model.ModelBundleException;
import io.lunglens.model.ModelCard;
import io.lunglens.training.EvaluationText;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** lunglens-spark scan INPUT --model BUNDLE --out OUT : lunglens scan's rows for an archive, written by Spark. */
@Command(name = "scan", description = "Classify every image under INPUT into one row per file, on Spark. "
        + ModelCard.INTENDED_USE + ".")
final class SparkScanCommand implements Callable<Integer> {

    /** Beside the part files; Spark and Hadoop readers skip names starting with '_'. */
    static final String METRICS_FILE = "_metrics.md";

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "INPUT", description = "Folder of images: a local path or a Hadoop file system URI"
            + " (file://, hdfs://, s3a:// with its connector on the classpath).")
    String input;

    @Option(names = "--model", required = true, paramLabel = "BUNDLE",
            description = "Model bundle folder: a path present on every node, or a Hadoop URI (copied once per executor).")
    String model;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "OUT",
            description = "Output folder (must not exist): part files with lunglens scan's columns.")
    String out;

    @Option(names = "--format", defaultValue = "csv", paramLabel = "csv|parquet",
            description = "Output format (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--partitions", paramLabel = "N",
            description = "Partitions (default: one per " + ArchiveScan.FILES_PER_PARTITION + " files, at least two per core).")
    Integer partitions;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "8", description = "Images per network pass (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--ungated", description = "Score every readable image in the labelled-folder metrics, as lunglens scan --ungated.")
    boolean ungated;

    @Option(names = "--include-dicom-ids", description = "Add DICOM PatientName and PatientID columns (off by default).")
    boolean includeDicomIds;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master when not run by spark-submit (default there: local[*]).")
    String master;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (!format.equals("csv") && !format.equals("parquet")) {
            err.println("lunglens-spark scan: --format must be csv or parquet, was " + format);
            return 2;
        }
        if (batch < 1 || batch > 256 || (partitions != null && partitions < 1)) {
            err.println("lunglens-spark scan: --batch must be 1..256 and --partitions at least 1");
            return 2;
        }
        SparkSession.Builder builder = SparkSession.builder().appName("lunglens-spark scan");
        if (master != null) {
            builder.master(master);
        } else if (System.getProperty("spark.master") == null) {
            builder.master("local[*]");
        }
        SparkSession spark = builder.getOrCreate();
        try {
            ArchiveScan.Result r = ArchiveScan.run(spark, new ArchiveScan.Options(input, model, out, format,
                    partitions, batch, ungated, includeDicomIds));
            print(spec.commandLine().getOut(), r);
            if (r.evaluation() != null) {
                writeMetrics(spark, r);
            }
            return 0;
        } catch (IOException | ModelBundleException | IllegalArgumentException e) {
            err.println("lunglens-spark scan: " + e.getMessage());
            return 2;
        } finally {
            spark.stop();
        }
    }

    private void print(PrintWriter o, ArchiveScan.Result r) {
        o.println("LungLens scan on Spark — " + ModelCard.INTENDED_USE + ". Model " + r.card().id()
                + (r.card().synthetic() ? " was trained on synthetic phantoms: its verdicts mean nothing for patients." : "."));
        o.printf(Locale.ROOT, "%d files in %d partitions: %d unreadable, %d refused by the input gate; %.1f img/s, %.1f s%n",
                r.files(), r.partitions(), r.errors(), r.gated(), r.imagesPerSecond(), r.seconds());
        for (Map.Entry<String, Long> e : r.perLabel().entrySet()) {
            o.println("  " + e.getKey() + ": " + e.getValue());
        }
        if (r.evaluation() != null) {
            o.println("Labelled folder: evaluation against the class folders (" + out + "/" + METRICS_FILE + ")");
            o.print(EvaluationText.metricsTable(r.evaluation()));
        } else if (r.labelledFolder()) {
            o.println("Labelled folder: no metrics: the input gate refused every readable image (--ungated scores them)");
        }
        o.println("wrote " + out);
        o.flush();
    }

    private void writeMetrics(SparkSession spark, ArchiveScan.Result r) throws IOException {
        Path file = new Path(out, METRICS_FILE);
        FileSystem fs = file.getFileSystem(spark.sparkContext().hadoopConfiguration());
        try (Writer w = new OutputStreamWriter(fs.create(file, true), StandardCharsets.UTF_8)) {
            w.write(EvaluationText.metricsTable(r.evaluation()));
        }
    }
}
