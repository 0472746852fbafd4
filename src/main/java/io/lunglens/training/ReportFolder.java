package io.lunglens.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.lunglens.model.ModelCard;
import io.lunglens.report.draw.Charts;
import io.lunglens.task.AtomicFiles;
import io.lunglens.task.Csv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;

/**
 * An evaluation's report folder: evaluation.json, report.md, the per-image CSV and the charts (XChart, as PNG). The
 * charts are made here once, for these PNGs and for the PDF report alike.
 */
public final class ReportFolder {

    private static final int CHART_WIDTH = 720;
    private static final int CHART_HEIGHT = 460;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportFolder() {
    }

    /** Writes {@link #files} into dir, each file atomically. */
    public static void write(Path dir, String title, Evaluation e, List<EpochStats> history, Map<String, Object> extra)
            throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<String, byte[]> f : files(title, e, history, extra).entrySet()) {
            AtomicFiles.write(dir.resolve(f.getKey()), f.getValue());
        }
    }

    /** evaluation.json, report.md, roc.png and, when there is a history, loss.png, by file name. */
    public static Map<String, byte[]> files(String title, Evaluation e, List<EpochStats> history,
                                           Map<String, Object> extra) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        Map<String, Object> json = new LinkedHashMap<>(extra);
        json.put("metrics", EvaluationJson.metrics(e));
        json.put("history", history);
        files.put("evaluation.json", JSON.writeValueAsBytes(json));
        StringBuilder md = new StringBuilder("# ").append(title).append("\n\n")
                .append("> ").append(ModelCard.INTENDED_USE).append(".\n\n")
                .append(EvaluationText.metricsTable(e)).append('\n');
        String shortcut = EvaluationText.shortcutLines(e);
        if (!shortcut.isEmpty()) {
            md.append(shortcut.replace("\n", "\n\n"));
        }
        if (e.rows().size() < 200) {
            md.append("With ").append(e.rows().size()).append(" test images the intervals above are wide; "
                    + "treat the point estimates with care.\n\n");
        }
        if (!history.isEmpty()) {
            files.put("loss.png", Charts.png(lossChart(history), CHART_WIDTH, CHART_HEIGHT));
            md.append("![training and validation loss](loss.png)\n\n");
        }
        files.put("roc.png", Charts.png(rocChart(e.metrics()), CHART_WIDTH, CHART_HEIGHT));
        md.append("![ROC curve](roc.png)\n");
        files.put("report.md", md.toString().getBytes(StandardCharsets.UTF_8));
        return files;
    }

    /** One CSV line per evaluated image: file, true label, predicted label, probabilities, evidence in the lungs. */
    public static byte[] rowsCsv(Evaluation e) {
        StringBuilder s = new StringBuilder("file,label,predicted,p_positive_raw,p_positive_calibrated,"
                + "occlusion_mass_in_lungs,gradcam_mass_in_lungs\n");
        for (Evaluation.Row r : e.rows()) {
            s.append(Csv.quote(r.file().toString())).append(',').append(Csv.quote(e.classes().get(r.label()))).append(',')
                    .append(Csv.quote(r.predicted())).append(',')
                    .append(String.format(Locale.ROOT, "%.5f,%.5f,", r.raw(), r.calibrated()))
                    .append(fraction(r.occlusionMass())).append(',').append(fraction(r.gradCamMass())).append('\n');
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String fraction(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", v);
    }

    /** Training loss against validation loss per epoch, the overfitting flag marked where it first fired. */
    public static XYChart lossChart(List<EpochStats> history) {
        double[] epochs = history.stream().mapToDouble(EpochStats::epoch).toArray();
        double[] train = history.stream().mapToDouble(EpochStats::trainLoss).toArray();
        double[] val = history.stream().mapToDouble(EpochStats::validationLoss).toArray();
        int flagged = history.stream().filter(EpochStats::overfitting).mapToInt(EpochStats::epoch).findFirst().orElse(0);
        return Charts.loss(epochs, train, val, flagged);
    }

    public static XYChart rocChart(ClassificationMetrics m) {
        double[] x = m.roc().stream().mapToDouble(p -> p[0]).toArray();
        double[] y = m.roc().stream().mapToDouble(p -> p[1]).toArray();
        ClassificationMetrics.Interval auc = m.aucInterval();
        return Charts.roc(x, y, auc.value(), auc.low(), auc.high());
    }

    /** The reliability diagram before and after calibration: non-empty bins as [mean predicted, observed]. */
    public static XYChart reliabilityChart(Evaluation e) {
        return Charts.reliability(bins(e.reliabilityRaw()), bins(e.reliabilityCalibrated()));
    }

    private static List<double[]> bins(ClassificationMetrics.Reliability r) {
        return r.bins().stream().filter(b -> b.count() > 0)
                .map(b -> new double[] {b.meanPredicted(), b.observed()}).toList();
    }
}
