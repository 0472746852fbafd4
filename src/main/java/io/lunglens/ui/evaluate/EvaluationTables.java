package io.lunglens.ui.evaluate;

import io.lunglens.training.ClassificationMetrics.Interval;
import io.lunglens.training.ClassificationMetrics.Reliability;
import io.lunglens.training.ClassificationMetrics;
import io.lunglens.training.Evaluation;
import io.lunglens.training.EvaluationResult;
import io.lunglens.training.EvaluationText;
import io.lunglens.ui.evaluate.EvaluateViewModel.Confusion;
import io.lunglens.ui.evaluate.EvaluateViewModel.ImageRow;
import io.lunglens.ui.evaluate.EvaluateViewModel.MetricRow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.scene.chart.XYChart;

/** An evaluation put into the shapes the Evaluate view shows: table rows, the confusion grid, chart series, lines. */
final class EvaluationTables {

    private EvaluationTables() {
    }

    static List<MetricRow> metricRows(Evaluation e) {
        ClassificationMetrics m = e.metrics();
        List<MetricRow> rows = new ArrayList<>();
        rows.add(new MetricRow("Images scored", String.valueOf(e.rows().size()), ""));
        rows.add(interval("Accuracy", m.accuracy()));
        rows.add(interval("Sensitivity (recall)", m.recall()));
        rows.add(interval("Specificity", m.specificity()));
        rows.add(interval("Precision", m.precision()));
        rows.add(new MetricRow("F1", number(m.f1()), ""));
        rows.add(interval("ROC AUC (bootstrap interval)", m.aucInterval()));
        rows.add(new MetricRow("Calibration error (ECE), uncalibrated", number(e.eceRaw()), ""));
        rows.add(new MetricRow("Calibration error (ECE), calibrated", number(e.eceCalibrated()), ""));
        return rows;
    }

    private static MetricRow interval(String name, Interval i) {
        return new MetricRow(name, number(i.value()),
                Double.isNaN(i.value()) ? "" : "[" + number(i.low()) + ", " + number(i.high()) + "]");
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
    }

    /** Positive class first, as the metrics count it; the negative side is the other class, or "not X". */
    static Confusion confusion(Evaluation e) {
        ClassificationMetrics m = e.metrics();
        String pos = e.classes().get(e.positive());
        String neg = e.classes().size() == 2 ? e.classes().get(1 - e.positive()) : "not " + pos;
        return new Confusion(List.of(pos, neg), new int[][] {{m.tp(), m.fn()}, {m.fp(), m.tn()}});
    }

    static List<XYChart.Series<Number, Number>> rocSeries(ClassificationMetrics m) {
        XYChart.Series<Number, Number> curve = new XYChart.Series<>();
        curve.setName("model");
        for (double[] p : m.roc()) {
            curve.getData().add(new XYChart.Data<>(p[0], p[1]));
        }
        return List.of(curve, diagonal("chance"));
    }

    static List<XYChart.Series<Number, Number>> reliabilitySeries(Evaluation e) {
        return List.of(reliability("uncalibrated softmax, ECE ", e.reliabilityRaw()),
                reliability("temperature-scaled, ECE ", e.reliabilityCalibrated()), diagonal("perfect calibration"));
    }

    /** One point per non-empty bin: mean predicted probability against the observed positive rate. */
    private static XYChart.Series<Number, Number> reliability(String name, Reliability r) {
        XYChart.Series<Number, Number> s = new XYChart.Series<>();
        s.setName(name + number(r.ece()));
        for (Reliability.Bin b : r.bins()) {
            if (b.count() > 0) {
                s.getData().add(new XYChart.Data<>(b.meanPredicted(), b.observed()));
            }
        }
        return s;
    }

    private static XYChart.Series<Number, Number> diagonal(String name) {
        XYChart.Series<Number, Number> s = new XYChart.Series<>();
        s.setName(name);
        s.getData().add(new XYChart.Data<>(0, 0));
        s.getData().add(new XYChart.Data<>(1, 1));
        return s;
    }

    /** "COVID 62%": the share of the occlusion evidence inside the lung fields, per class with a measurement. */
    static List<String> evidenceLines(Evaluation e) {
        List<String> out = new ArrayList<>();
        for (int c = 0; c < e.classes().size(); c++) {
            double share = e.occlusionMass()[c];
            if (!Double.isNaN(share)) {
                out.add(String.format(Locale.ROOT, "%s %.0f%%", e.classes().get(c), 100 * share));
            }
        }
        return out;
    }

    /** The shortcut check in plain words, the warning as the Retrain tab words it. */
    static String shortcutVerdict(Evaluation e) {
        if (e.shortcutSuspected()) {
            return "Possible shortcut: " + EvaluationText.shortcutWarning(e);
        }
        return evidenceLines(e).isEmpty() ? "No lung fields were found to weigh the evidence against."
                : "Most of the evidence lies inside the lung fields: no sign of a shortcut.";
    }

    /** How many images were not scored, and why, naming the first few. */
    static String leftOut(EvaluationResult r) {
        Evaluation e = r.evaluation();
        StringBuilder b = new StringBuilder();
        listed(b, "refused by the input gate (not scored; tick \"Score refused images too\" to include them)",
                e.gated());
        listed(b, "unreadable", e.unreadable());
        listed(b, "skipped while reading the folder", r.skipped());
        return b.toString().strip();
    }

    private static void listed(StringBuilder b, String what, List<String> items) {
        if (items.isEmpty()) {
            return;
        }
        b.append(items.size()).append(" image(s) ").append(what).append(":\n");
        items.stream().limit(5).forEach(i -> b.append("  ").append(i).append('\n'));
        if (items.size() > 5) {
            b.append("  ... and ").append(items.size() - 5).append(" more\n");
        }
    }

    static List<ImageRow> imageRows(EvaluationResult r) {
        Evaluation e = r.evaluation();
        List<ImageRow> out = new ArrayList<>();
        for (Evaluation.Row row : e.rows()) {
            Path f = row.file();
            String name = f.startsWith(r.folder()) ? r.folder().relativize(f).toString() : f.toString();
            out.add(new ImageRow(f, name, e.classes().get(row.label()), row.predicted(), row.calibrated(),
                    e.correct(row), e.confidence(row)));
        }
        return out;
    }
}
