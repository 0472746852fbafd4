package io.lunglens.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.lunglens.model.ModelCard;
import io.lunglens.report.draw.Charts;
import io.lunglens.task.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** evaluation.json, a Markdown report and PNG charts (loss curves, ROC), drawn without a display. */
public final class Reports {

    private static final int CHART_WIDTH = 720;
    private static final int CHART_HEIGHT = 460;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Reports() {
    }

    /** The test metrics as the model card stores them. */
    public static Map<String, Object> metricsMap(Evaluation e) {
        ClassificationMetrics m = e.metrics();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("images", e.rows().size());
        if (!e.gated().isEmpty()) {
            out.put("gatedImages", e.gated().size());
        }
        out.put("positiveClass", e.classes().get(e.positive()));
        out.put("confusion", Map.of("tp", m.tp(), "fp", m.fp(), "tn", m.tn(), "fn", m.fn()));
        out.put("accuracy", interval(m.accuracy()));
        out.put("precision", interval(m.precision()));
        out.put("recall", interval(m.recall()));
        out.put("specificity", interval(m.specificity()));
        out.put("f1", round(m.f1()));
        out.put("auc", interval(m.aucInterval()));
        out.put("eceUncalibrated", round(e.eceRaw()));
        out.put("eceCalibrated", round(e.eceCalibrated()));
        Map<String, Object> occlusion = byClass(e, e.occlusionMass());
        if (!occlusion.isEmpty()) {
            out.put("occlusionMassInsideLungs", occlusion);
            out.put("gradCamMassInsideLungs", byClass(e, e.gradCamMass()));
            out.put("shortcutSuspected", e.shortcutSuspected());
        }
        return out;
    }

    private static Map<String, Object> byClass(Evaluation e, double[] values) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int c = 0; c < e.classes().size(); c++) {
            if (!Double.isNaN(values[c])) {
                m.put(e.classes().get(c), round(values[c]));
            }
        }
        return m;
    }

    private static Map<String, Object> interval(ClassificationMetrics.Interval i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("value", round(i.value()));
        m.put("ci95", Arrays.asList(round(i.low()), round(i.high())));
        return m;
    }

    private static Object round(double v) {
        return Double.isNaN(v) ? null : Math.round(v * 10000) / 10000.0;
    }

    /** One table row per metric, as the CLI and the reports print it. */
    public static String metricsTable(Evaluation e) {
        ClassificationMetrics m = e.metrics();
        StringBuilder s = new StringBuilder();
        s.append("| metric | value [95% CI] |\n|---|---|\n");
        s.append("| images | ").append(e.rows().size()).append(e.gated().isEmpty() ? ""
                : " (" + e.gated().size() + " more refused by the input gate, not scored)").append(" |\n");
        s.append("| accuracy | ").append(m.accuracy()).append(" |\n");
        s.append("| precision | ").append(m.precision()).append(" |\n");
        s.append("| recall (sensitivity) | ").append(m.recall()).append(" |\n");
        s.append("| specificity | ").append(m.specificity()).append(" |\n");
        s.append(String.format(Locale.ROOT, "| F1 | %.3f |%n", m.f1()));
        s.append("| ROC AUC | ").append(m.aucInterval()).append(" (bootstrap) |\n");
        s.append(String.format(Locale.ROOT, "| ECE before / after calibration | %.3f / %.3f |%n", e.eceRaw(), e.eceCalibrated()));
        s.append(String.format(Locale.ROOT, "| confusion (TP FP TN FN) | %d %d %d %d |%n", m.tp(), m.fp(), m.tn(), m.fn()));
        return s.toString();
    }

    /**
     * The shortcut check in words: the share of the evidence for each verdict inside the lungs, per true class, by
     * occlusion (which the check uses) and by Grad-CAM (for reference), and a warning when the occlusion evidence is
     * mostly outside. Empty when no image had lung fields to measure against.
     */
    public static String shortcutLines(Evaluation e) {
        StringBuilder s = new StringBuilder();
        for (int c = 0; c < e.classes().size(); c++) {
            if (!Double.isNaN(e.occlusionMass()[c]) || !Double.isNaN(e.gradCamMass()[c])) {
                s.append(String.format(Locale.ROOT, "Evidence inside the lungs, %s: occlusion %.2f, Grad-CAM %.2f%n",
                        e.classes().get(c), e.occlusionMass()[c], e.gradCamMass()[c]));
            }
        }
        if (e.shortcutSuspected()) {
            s.append("WARNING: ").append(shortcutWarning(e)).append('\n');
        }
        return s.toString();
    }

    /** The shortcut warning as one sentence, or "" when the check passed or had nothing to measure. */
    public static String shortcutWarning(Evaluation e) {
        return !e.shortcutSuspected() ? "" : "hiding the lungs changes the verdicts less than hiding the rest of the"
                + " image: the model may have learned a shortcut (a marker, the border, the source hospital) instead"
                + " of the disease.";
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
        json.put("metrics", metricsMap(e));
        json.put("history", history);
        files.put("evaluation.json", JSON.writeValueAsBytes(json));
        StringBuilder md = new StringBuilder("# ").append(title).append("\n\n")
                .append("> ").append(ModelCard.INTENDED_USE).append(".\n\n")
                .append(metricsTable(e)).append('\n');
        String shortcut = shortcutLines(e);
        if (!shortcut.isEmpty()) {
            md.append(shortcut.replace("\n", "\n\n"));
        }
        if (e.rows().size() < 200) {
            md.append("With ").append(e.rows().size()).append(" test images the intervals above are wide; "
                    + "treat the point estimates with care.\n\n");
        }
        if (!history.isEmpty()) {
            files.put("loss.png", lossChart(history));
            md.append("![training and validation loss](loss.png)\n\n");
        }
        files.put("roc.png", rocChart(e.metrics()));
        md.append("![ROC curve](roc.png)\n");
        files.put("report.md", md.toString().getBytes(StandardCharsets.UTF_8));
        return files;
    }

    /** One CSV line per evaluated image: file, true label, predicted label, probabilities, evidence in the lungs. */
    public static byte[] rowsCsv(Evaluation e) {
        StringBuilder s = new StringBuilder("file,label,predicted,p_positive_raw,p_positive_calibrated,"
                + "occlusion_mass_in_lungs,gradcam_mass_in_lungs\n");
        for (Evaluation.Row r : e.rows()) {
            s.append(csv(r.file().toString())).append(',').append(csv(e.classes().get(r.label()))).append(',')
                    .append(csv(r.predicted())).append(',')
                    .append(String.format(Locale.ROOT, "%.5f,%.5f,", r.raw(), r.calibrated()))
                    .append(fraction(r.occlusionMass())).append(',').append(fraction(r.gradCamMass())).append('\n');
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String fraction(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", v);
    }

    /** Quotes a CSV field when it needs it (RFC 4180). */
    public static String csv(String v) {
        if (v == null) {
            return "";
        }
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }

    /** The split manifest: which file went where, with its hash, so a split can be audited and repeated. */
    public static byte[] manifest(FolderDataset data, Split split) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("root", data.root().toAbsolutePath().normalize().toString());
        m.put("classes", data.classes());
        m.put("ratio", split.ratio());
        m.put("seed", split.seed());
        m.put("train", entries(data, split.train()));
        m.put("validation", entries(data, split.validation()));
        m.put("test", entries(data, split.test()));
        m.put("skipped", data.skipped());
        return JSON.writeValueAsBytes(m);
    }

    private static List<Map<String, Object>> entries(FolderDataset data, List<Sample> samples) {
        return samples.stream().map(s -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("file", data.root().relativize(s.file()).toString());
            e.put("label", data.classes().get(s.label()));
            e.put("sha256", s.sha256());
            return e;
        }).toList();
    }

    /** Training loss against validation loss per epoch, the overfitting flag marked where it first fired. */
    public static byte[] lossChart(List<EpochStats> history) throws IOException {
        double[] epochs = history.stream().mapToDouble(EpochStats::epoch).toArray();
        double[] train = history.stream().mapToDouble(EpochStats::trainLoss).toArray();
        double[] val = history.stream().mapToDouble(EpochStats::validationLoss).toArray();
        int flagged = history.stream().filter(EpochStats::overfitting).mapToInt(EpochStats::epoch).findFirst().orElse(0);
        return Charts.png(Charts.loss(epochs, train, val, flagged), CHART_WIDTH, CHART_HEIGHT);
    }

    public static byte[] rocChart(ClassificationMetrics m) throws IOException {
        double[] x = m.roc().stream().mapToDouble(p -> p[0]).toArray();
        double[] y = m.roc().stream().mapToDouble(p -> p[1]).toArray();
        ClassificationMetrics.Interval auc = m.aucInterval();
        return Charts.png(Charts.roc(x, y, auc.value(), auc.low(), auc.high()), CHART_WIDTH, CHART_HEIGHT);
    }
}
