package io.lunglens.report;

import io.lunglens.model.CamOverlay;
import io.lunglens.model.Classifier;
import io.lunglens.model.EvidenceMethod;
import io.lunglens.model.ModelCard;
import io.lunglens.report.draw.Canvas;
import io.lunglens.report.draw.Charts;
import io.lunglens.report.draw.Images;
import io.lunglens.report.draw.PdfCanvas;
import io.lunglens.task.AtomicFiles;
import io.lunglens.task.Progress;
import io.lunglens.training.ClassificationMetrics;
import io.lunglens.training.EpochStats;
import io.lunglens.training.Evaluation;
import io.lunglens.training.EvaluationResult;
import io.lunglens.training.EvaluationText;
import io.lunglens.training.ReportFolder;
import io.lunglens.training.ShortcutExamples;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The evaluation report as a PDF (report.pdf beside report.md): the data, the metrics with 95% intervals, the
 * confusion matrix, the ROC curve, the reliability diagram, the loss curves when the model was trained here, the
 * shortcut check with example maps (made by the evaluation's check method), and the data audit's warning.
 */
public final class EvaluationReport {

    public static final String FILE = "report.pdf";
    private static final Color GRID = new Color(0xc8c8c8);
    private static final Color SHADE = new Color(0xf2f5f9);
    /** Height over width of the charts, as {@link Charts} draws them. */
    private static final float ASPECT = (float) Charts.HEIGHT / Charts.WIDTH;

    private EvaluationReport() {
    }

    /** Shortcut-check maps shown per predicted class; each costs the check method's forward passes again. */
    public static final int EXAMPLES_PER_CLASS = 3;

    /**
     * An evaluation's whole report folder, as `evaluate --report` and the Evaluate view's Save report write it:
     * report.md, evaluation.json, the per-image CSV, the charts, and report.pdf with the example maps.
     */
    public static Path writeFolder(EvaluationResult r, Classifier c, Path dir, Progress progress) throws IOException {
        ModelCard card = c.card();
        String title = "Evaluation of " + card.id();
        ReportFolder.write(dir, title + " on " + r.folder(), r.evaluation(), List.of(), Map.of("model", card.id()));
        List<ShortcutExamples.Example> examples = ShortcutExamples.of(c, r.evaluation(), EXAMPLES_PER_CLASS,
                progress);
        return write(new EvaluationFindings(title, r, card, List.of(), examples, Instant.now()), dir);
    }

    /** Writes dir/report.pdf atomically; returns its path. */
    public static Path write(EvaluationFindings f, Path dir) throws IOException {
        Path target = dir.resolve(FILE);
        AtomicFiles.write(target, pdf(f));
        return target;
    }

    static byte[] pdf(EvaluationFindings f) throws IOException {
        List<Consumer<Canvas>> pages = new ArrayList<>();
        pages.add(c -> summary(c, f));
        pages.add(c -> charts(c, f));
        if (!f.history().isEmpty()) {
            pages.add(c -> training(c, f));
        }
        if (!f.examples().isEmpty()) {
            pages.add(c -> ExamplePage.draw(c, f));
        }
        try (PdfCanvas pdf = new PdfCanvas(f.title())) {
            for (int i = 0; i < pages.size(); i++) {
                pages.get(i).accept(pdf.newPage());
                PageFrame.footer(pdf, f.created(), i + 1, pages.size());
            }
            return pdf.toBytes();
        }
    }

    /** Page 1: what was scored, the warnings, the metrics table and the confusion matrix. */
    private static void summary(Canvas c, EvaluationFindings f) {
        EvaluationResult r = f.result();
        Evaluation e = r.evaluation();
        Flow flow = new Flow(c, PageFrame.MARGIN, PageFrame.header(c, f.title(), f.card(), f.created()),
                PageFrame.CONTENT_WIDTH);
        flow.heading("Data");
        data(flow, r);
        warnings(flow, r);
        flow.heading("Metrics (positive class " + e.classes().get(e.positive()) + ", threshold "
                + two(e.metrics().threshold()) + " on the calibrated probability)");
        float y = metricsTable(c, e, flow.y() + 6);
        flow.space(y - flow.y());
        flow.heading("Confusion matrix");
        y = confusion(c, e, flow.y() + 8);
        flow.space(y - flow.y());
        flow.heading("Model");
        CardText.lines(f.card()).forEach(flow::line);
    }

    private static void data(Flow flow, EvaluationResult r) {
        Evaluation e = r.evaluation();
        int[] counts = new int[e.classes().size()];
        e.rows().forEach(row -> counts[row.label()]++);
        List<String> per = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            per.add(counts[i] + " " + e.classes().get(i));
        }
        flow.line("Folder", r.folder().toAbsolutePath().normalize().toString());
        flow.line("Images", (r.testSplit() ? "the model's own test split (files checked by hash): " : "")
                + e.rows().size() + " scored (" + String.join(", ", per) + ")");
        flow.line("Left out", e.gated().size() + " refused by the input gate, " + e.unreadable().size()
                + " unreadable, " + r.skipped().size() + " skipped when the folder was read (duplicates, conflicts)");
    }

    private static void warnings(Flow flow, EvaluationResult r) {
        Evaluation e = r.evaluation();
        if (!r.auditWarning().isEmpty()) {
            flow.space(4).paragraph("Possible shortcut in the data: " + r.auditWarning(), Canvas.Weight.BOLD,
                    Flow.BODY, Flow.ALERT);
        }
        if (e.shortcutSuspected()) {
            flow.space(4).paragraph("Possible shortcut in the model: hiding the lungs changes the verdicts less than"
                    + " hiding the rest of the image; the model may have learned a marker, the border or the source"
                    + " instead of the disease.", Canvas.Weight.BOLD, Flow.BODY, Flow.ALERT);
        }
        if (e.rows().size() < 200) {
            flow.space(2).paragraph("With " + e.rows().size() + " images the intervals are wide: treat the point"
                    + " estimates with care.", Canvas.Weight.REGULAR, Flow.BODY, Flow.MUTED);
        }
    }

    /** A three-column table: metric, value, 95% interval; returns the y below it. */
    private static float metricsTable(Canvas c, Evaluation e, float top) {
        ClassificationMetrics m = e.metrics();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"Metric", "Value", "95% interval"});
        rows.add(interval("Accuracy", m.accuracy()));
        rows.add(interval("Sensitivity (recall)", m.recall()));
        rows.add(interval("Specificity", m.specificity()));
        rows.add(interval("Precision", m.precision()));
        rows.add(new String[] {"F1", three(m.f1()), ""});
        rows.add(interval("ROC AUC", m.aucInterval()));
        rows.add(new String[] {"Calibration error (ECE)", three(e.eceRaw()) + " → " + three(e.eceCalibrated()),
            "before → after calibration"});
        float[] x = {PageFrame.MARGIN + 6, PageFrame.MARGIN + 190, PageFrame.MARGIN + 290};
        float row = 15;
        for (int i = 0; i < rows.size(); i++) {
            float y = top + i * row;
            if (i == 0) {
                c.fill(PageFrame.MARGIN, y, PageFrame.CONTENT_WIDTH, row, SHADE);
            }
            for (int col = 0; col < 3; col++) {
                c.text(rows.get(i)[col], x[col], y + 11, i == 0 ? Canvas.Weight.BOLD : Canvas.Weight.REGULAR,
                        Flow.BODY, Flow.INK);
            }
            c.fill(PageFrame.MARGIN, y + row, PageFrame.CONTENT_WIDTH, 0.4f, GRID);
        }
        return top + rows.size() * row + 6;
    }

    /** The 2×2 grid: rows are the true class, columns the predicted one; counts with row rates. */
    private static float confusion(Canvas c, Evaluation e, float top) {
        ClassificationMetrics m = e.metrics();
        String pos = e.classes().get(e.positive());
        String neg = e.classes().get(1 - e.positive());
        int[][] n = {{m.tp(), m.fn()}, {m.fp(), m.tn()}};
        String[] names = {pos, neg};
        float left = PageFrame.MARGIN + 120;
        float cell = 110;
        float h = 40;
        c.text("predicted →", left, top + 9, Canvas.Weight.REGULAR, 8, Flow.MUTED);
        for (int j = 0; j < 2; j++) {
            c.text(names[j], left + j * cell + 6, top + 22, Canvas.Weight.BOLD, Flow.BODY, Flow.INK);
        }
        for (int i = 0; i < 2; i++) {
            float y = top + 28 + i * h;
            c.text("true " + names[i], PageFrame.MARGIN + 6, y + h / 2 + 3, Canvas.Weight.BOLD, Flow.BODY, Flow.INK);
            int total = n[i][0] + n[i][1];
            for (int j = 0; j < 2; j++) {
                c.fill(left + j * cell, y, cell, h, i == j ? new Color(0xe3f1e3) : new Color(0xfbe9e7));
                c.frame(left + j * cell, y, cell, h, GRID, 0.6f);
                c.text(String.valueOf(n[i][j]), left + j * cell + 8, y + 17, Canvas.Weight.BOLD, 12, Flow.INK);
                c.text(total == 0 ? "—" : String.format(Locale.ROOT, "%.1f%% of true %s", 100.0 * n[i][j] / total,
                        names[i]), left + j * cell + 8, y + 31, Canvas.Weight.REGULAR, 7.5f, Flow.MUTED);
            }
        }
        return top + 28 + 2 * h + 6;
    }

    /** The ROC curve and the reliability diagram, one above the other. */
    private static void charts(Canvas c, EvaluationFindings f) {
        Evaluation e = f.result().evaluation();
        float top = PageFrame.header(c, f.title(), f.card(), f.created()) + 4;
        float w = PageFrame.CONTENT_WIDTH;
        c.chart(ReportFolder.rocChart(e.metrics()), PageFrame.MARGIN, top, w, w * ASPECT);
        float y = top + w * ASPECT + 8;
        c.chart(ReportFolder.reliabilityChart(e), PageFrame.MARGIN, y, w, w * ASPECT);
        new Flow(c, PageFrame.MARGIN, y + w * ASPECT + 4, w).body(String.format(Locale.ROOT, "Reliability: in"
                + " each tenth of the predicted probability, the share of images that were %s. Calibration error"
                + " (ECE) %.3f before and %.3f after temperature scaling on the validation split.",
                e.classes().get(e.positive()), e.eceRaw(), e.eceCalibrated()));
    }

    /** The loss curves of the run that trained the model, with the overfitting flag where it fired. */
    private static void training(Canvas c, EvaluationFindings f) {
        List<EpochStats> h = f.history();
        float top = PageFrame.header(c, f.title(), f.card(), f.created());
        Flow flow = new Flow(c, PageFrame.MARGIN, top, PageFrame.CONTENT_WIDTH);
        flow.heading("Training");
        int flagged = h.stream().filter(EpochStats::overfitting).mapToInt(EpochStats::epoch).findFirst().orElse(0);
        flow.body(h.size() + " epochs. " + (flagged > 0 ? "Overfitting was flagged at epoch " + flagged
                + ": validation loss rose while training loss fell." : "Overfitting was not flagged."));
        c.chart(ReportFolder.lossChart(h), PageFrame.MARGIN, flow.y() + 8, PageFrame.CONTENT_WIDTH, PageFrame.CONTENT_WIDTH * ASPECT);
    }

    private static String[] interval(String name, ClassificationMetrics.Interval i) {
        return new String[] {name, three(i.value()), Double.isNaN(i.low()) ? "" : three(i.low()) + " – "
                + three(i.high())};
    }

    static String three(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String two(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** Page 3: the shortcut check's examples, a row per predicted class. */
    private static final class ExamplePage {

        static void draw(Canvas c, EvaluationFindings f) {
            Evaluation e = f.result().evaluation();
            float top = PageFrame.header(c, f.title(), f.card(), f.created());
            Flow flow = new Flow(c, PageFrame.MARGIN, top, PageFrame.CONTENT_WIDTH);
            flow.heading("Shortcut check: where the evidence lies");
            flow.body(shortcutText(e));
            float y = flow.y() + 8;
            float size = (PageFrame.CONTENT_WIDTH - 2 * 12) / 3;
            for (String cls : e.classes()) {
                List<ShortcutExamples.Example> mine = f.examples().stream()
                        .filter(x -> x.row().predicted().equals(cls)).toList();
                if (mine.isEmpty()) {
                    continue;
                }
                c.text("Most confident " + cls + " verdicts", PageFrame.MARGIN, y + 10, Canvas.Weight.BOLD, 10,
                        Flow.INK);
                for (int i = 0; i < Math.min(3, mine.size()); i++) {
                    example(c, e, mine.get(i), PageFrame.MARGIN + i * (size + 12), y + 16, size);
                }
                y += 16 + size + 36;
            }
        }

        private static String shortcutText(Evaluation e) {
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < e.classes().size(); i++) {
                if (!Double.isNaN(e.occlusionMass()[i])) {
                    parts.add(String.format(Locale.ROOT, "%s %.0f%%", e.classes().get(i), 100 * e.occlusionMass()[i]));
                }
            }
            String shares = parts.isEmpty() ? "No image had lung fields to measure against."
                    : "Mean share of the evidence inside the lung fields (" + EvaluationText.checkLabel(e)
                    + "), by true class: " + String.join(", ", parts) + " (below "
                    + Math.round(100 * Evaluation.SHORTCUT_THRESHOLD) + "% on average raises the warning).";
            return shares + " The maps below show what weakens each verdict most when hidden"
                    + (e.checkMethod() == EvidenceMethod.FAST ? ": the lung fields as a whole against the rest of the"
                    + " image, each shaded by how much hiding it weakened the verdict per unit of area." : ".");
        }

        private static void example(Canvas c, Evaluation e, ShortcutExamples.Example x, float left, float top,
                                    float size) {
            var img = Images.fit(CamOverlay.render(x.image(), x.map(), x.image().width(), x.image().height()), 600);
            c.fill(left, top, size, size, Color.BLACK);
            float s = Math.min(size / img.getWidth(), size / img.getHeight());
            c.image(img, left + (size - img.getWidth() * s) / 2, top + (size - img.getHeight() * s) / 2,
                    img.getWidth() * s, img.getHeight() * s);
            String file = x.row().file().getFileName().toString();
            c.text(file.length() > 34 ? file.substring(0, 33) + "…" : file, left, top + size + 11,
                    Canvas.Weight.REGULAR, 7.5f, Flow.INK);
            String inside = Double.isNaN(x.shareInLungs()) ? "lungs not found"
                    : String.format(Locale.ROOT, "%.0f%% in lungs", 100 * x.shareInLungs());
            c.text(String.format(Locale.ROOT, "true %s · p %.2f · %s", e.classes().get(x.row().label()),
                    e.confidence(x.row()), inside), left, top + size + 22, Canvas.Weight.REGULAR, 7.5f,
                    e.correct(x.row()) ? Flow.MUTED : Flow.ALERT);
        }
    }
}
