package io.lunglens.spark;

import io.lunglens.model.Classifier;
import io.lunglens.model.ModelBundleException;
import io.lunglens.model.ModelCard;
import io.lunglens.scan.ScanCsv;
import io.lunglens.scan.ScanJob;
import io.lunglens.scan.ScanListener;
import io.lunglens.scan.ScanRow;
import io.lunglens.training.Evaluation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * lunglens-spark scan on the driver: lists the files as {@code lunglens scan} would, spreads them over partitions in
 * listing order (the same slices on every attempt, so a retried task scans the same files), has each partition
 * scanned by {@link ScanPartition}, writes the rows through Spark's output commit (only one attempt of each task
 * lands in OUT), then reads OUT back to count it and, for a labelled folder, score it with the scan's own metrics.
 */
final class ArchiveScan {

    /** Spark conf key of the test hook: the partition whose first attempt fails after writing its rows. */
    static final String FAIL_ONCE = "spark.lunglens.test.failOncePartition";
    /** Spark conf key: the engine's intra-op threads per executor (default: the executor's cores). */
    static final String THREADS = "spark.lunglens.threads";
    /** Files per partition when --partitions is not given (and at least two partitions per core). */
    static final int FILES_PER_PARTITION = 200;

    /**
     * @param input      folder of images, a Hadoop file system URI or a local path
     * @param model      bundle folder, a local path on every node or a Hadoop URI
     * @param out        output folder (must not exist)
     * @param format     "csv" or "parquet"
     * @param partitions null for {@link #FILES_PER_PARTITION} files each, at least two per core
     */
    record Options(String input, String model, String out, String format, Integer partitions, int batch,
                   boolean ungated, boolean dicomIds) {
    }

    /**
     * @param files      rows written (one per file found)
     * @param errors     rows with an error
     * @param gated      rows the input gate refused
     * @param perLabel   verdicts per label in the model's class order (gated rows have none)
     * @param evaluation the scan's metrics for a labelled folder, else null
     */
    record Result(ModelCard card, long files, long errors, long gated, Map<String, Long> perLabel, int partitions,
                  double seconds, boolean labelledFolder, Evaluation evaluation) {

        double imagesPerSecond() {
            return files / Math.max(seconds, 1e-9);
        }
    }

    private ArchiveScan() {
    }

    static Result run(SparkSession spark, Options o) throws IOException, ModelBundleException {
        long t0 = System.nanoTime();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Configuration hadoop = sc.hadoopConfiguration();
        Archive archive = Archive.of(o.input(), hadoop);
        int threads = sc.getConf().getInt(THREADS, sc.isLocal() ? sc.defaultParallelism()
                : sc.getConf().getInt("spark.executor.cores", 1));
        ScanPartition.Settings settings = new ScanPartition.Settings(o.batch(), 4 * o.batch(), threads, o.ungated(),
                o.dicomIds(), sc.getConf().getInt(FAIL_ONCE, -1));
        // The driver needs the model's classes for the listing rules and the metrics; in local mode this is the
        // executors' copy too.
        Classifier classifier = ExecutorModel.get(o.model(), hadoop, threads);
        try (Archive.Folder folder = archive.open()) {
            ScanJob job = new ScanJob(classifier, ScanPartition.options(folder.root(), settings), ScanListener.NONE);
            ScanCsv csv = job.csv();
            List<String> files = archive.list(folder, job);
            int n = o.partitions() != null ? o.partitions() : partitions(files.size(), sc.defaultParallelism());
            JavaRDD<Row> rows = sc.parallelize(files, n).mapPartitions(new ScanPartition(archive, o.model(), settings));
            StructType schema = Columns.schema(csv);
            DataFrameWriter<Row> writer = spark.createDataFrame(rows, schema).write().format(o.format());
            csvOptions(writer, o.format());
            writer.save(o.out());
            return tally(spark, o, schema, csv, job, folder, classifier.card(), n, t0);
        }
    }

    /** Counts OUT as written and, for a labelled folder, scores it as {@code lunglens scan} does. */
    private static Result tally(SparkSession spark, Options o, StructType schema, ScanCsv csv, ScanJob job,
                                Archive.Folder folder, ModelCard card, int partitions, long t0) throws IOException {
        DataFrameReader reader = spark.read().schema(schema).format(o.format());
        if ("csv".equals(o.format())) {
            reader.option("header", true).option("quote", "\"").option("escape", "\"");
        }
        Map<String, Long> perLabel = new LinkedHashMap<>();
        card.classes().forEach(c -> perLabel.put(c, 0L));
        List<ScanRow> labelled = new ArrayList<>();
        long files = 0;
        long errors = 0;
        long gated = 0;
        for (Iterator<Row> it = reader.load(o.out()).toLocalIterator(); it.hasNext(); ) {
            List<String> cells = Columns.cells(it.next());
            cells.set(0, folder.local(cells.get(0)).toString());
            ScanRow r = csv.row(cells);
            files++;
            errors += r.isError() ? 1 : 0;
            gated += r.isGated() ? 1 : 0;
            if (!r.isError() && !r.isGated()) {
                perLabel.merge(r.label(), 1L, Long::sum);
            }
            if (!r.trueLabel().isEmpty()) {
                labelled.add(r);
            }
        }
        boolean labelledFolder = csv.columns().contains("true_label");
        Evaluation e = labelledFolder ? job.evaluate(labelled) : null;
        return new Result(card, files, errors, gated, perLabel, partitions, (System.nanoTime() - t0) / 1e9,
                labelledFolder, e);
    }

    /** RFC 4180 quoting, as the scan's own CSV: a quote inside a field is doubled. */
    static void csvOptions(DataFrameWriter<Row> writer, String format) {
        if ("csv".equals(format)) {
            writer.option("header", true).option("quote", "\"").option("escape", "\"");
        }
    }

    /** {@link #FILES_PER_PARTITION} files each, but at least two partitions per core, and never an empty one. */
    static int partitions(int files, int cores) {
        int n = Math.max(2 * cores, (files + FILES_PER_PARTITION - 1) / FILES_PER_PARTITION);
        return Math.max(1, Math.min(n, files));
    }
}
