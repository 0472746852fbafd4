package io.lunglens.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.lunglens.model.ModelCard;
import io.lunglens.task.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/** evaluation.json, a Markdown report and PNG charts (loss curves, ROC), drawn without a display. */
public final class Reports {

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
            files.put("loss.png", png(lossChart(history)));
            md.append("![training and validation loss](loss.png)\n\n");
        }
        files.put("roc.png", png(rocChart(e.metrics())));
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

    private static byte[] png(BufferedImage img) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    /** Training loss against validation loss per epoch. */
    public static BufferedImage lossChart(List<EpochStats> history) {
        int n = history.size();
        double[] xs = new double[n];
        double[] train = new double[n];
        double[] val = new double[n];
        double max = 0;
        for (int i = 0; i < n; i++) {
            xs[i] = history.get(i).epoch();
            train[i] = history.get(i).trainLoss();
            val[i] = history.get(i).validationLoss();
            max = Math.max(max, Math.max(train[i], val[i]));
        }
        Chart c = new Chart("Loss per epoch", "epoch", "loss", 1, Math.max(2, n), 0, max * 1.1);
        c.line(xs, train, new Color(0x1f77b4), "training");
        c.line(xs, val, new Color(0xd62728), "validation");
        return c.image;
    }

    public static BufferedImage rocChart(ClassificationMetrics m) {
        Chart c = new Chart(String.format(Locale.ROOT, "ROC, AUC %.3f", m.auc()), "false positive rate",
                "true positive rate", 0, 1, 0, 1);
        c.line(new double[] {0, 1}, new double[] {0, 1}, Color.GRAY, "chance");
        double[] x = m.roc().stream().mapToDouble(p -> p[0]).toArray();
        double[] y = m.roc().stream().mapToDouble(p -> p[1]).toArray();
        c.line(x, y, new Color(0x1f77b4), "model");
        return c.image;
    }

    /** A minimal line chart. */
    private static final class Chart {
        final BufferedImage image = new BufferedImage(640, 420, BufferedImage.TYPE_INT_RGB);
        final Graphics2D g = image.createGraphics();
        final double x0;
        final double x1;
        final double y0;
        final double y1;
        final int left = 70;
        final int right = 620;
        final int top = 40;
        final int bottom = 370;
        int legend;

        Chart(String title, String xLabel, String yLabel, double x0, double x1, double y0, double y1) {
            this.x0 = x0;
            this.x1 = x1;
            this.y0 = y0;
            this.y1 = y1 <= y0 ? y0 + 1 : y1;
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
            g.drawString(title, left, 25);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.drawRect(left, top, right - left, bottom - top);
            g.drawString(xLabel, (left + right) / 2 - 30, 405);
            g.drawString(yLabel, 5, top - 8);
            for (int i = 0; i <= 4; i++) {
                double xv = x0 + (x1 - x0) * i / 4;
                double yv = y0 + (this.y1 - y0) * i / 4;
                g.drawString(String.format(Locale.ROOT, "%.2f", xv).replaceAll("\\.00$", ""), px(xv) - 10, bottom + 15);
                g.drawString(String.format(Locale.ROOT, "%.2f", yv), 25, py(yv) + 4);
            }
        }

        int px(double x) {
            return (int) Math.round(left + (x - x0) / (x1 - x0) * (right - left));
        }

        int py(double y) {
            return (int) Math.round(bottom - (y - y0) / (y1 - y0) * (bottom - top));
        }

        void line(double[] xs, double[] ys, Color color, String name) {
            g.setColor(color);
            g.setStroke(new BasicStroke(2f));
            for (int i = 1; i < xs.length; i++) {
                g.drawLine(px(xs[i - 1]), py(ys[i - 1]), px(xs[i]), py(ys[i]));
            }
            for (int i = 0; i < xs.length; i++) {
                g.fillOval(px(xs[i]) - 3, py(ys[i]) - 3, 6, 6);
            }
            g.drawLine(right - 130, top + 15 + legend * 18, right - 105, top + 15 + legend * 18);
            g.setColor(Color.BLACK);
            g.drawString(name, right - 100, top + 19 + legend * 18);
            legend++;
        }
    }
}
