package io.lunglens.training;

import java.util.Locale;

/** An evaluation in words: the Markdown metrics table and the shortcut check, as the CLI, report.md and the UI say them. */
public final class EvaluationText {

    private EvaluationText() {
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
     * the check's occlusion method (named) and by Grad-CAM (for reference), and a warning when the occlusion evidence is
     * mostly outside. Empty when no image had lung fields to measure against.
     */
    public static String shortcutLines(Evaluation e) {
        StringBuilder s = new StringBuilder();
        for (int c = 0; c < e.classes().size(); c++) {
            if (!Double.isNaN(e.occlusionMass()[c]) || !Double.isNaN(e.gradCamMass()[c])) {
                s.append(String.format(Locale.ROOT, "Evidence inside the lungs, %s: %s %.2f, Grad-CAM %.2f%n",
                        e.classes().get(c), checkLabel(e), e.occlusionMass()[c], e.gradCamMass()[c]));
            }
        }
        if (e.shortcutSuspected()) {
            s.append("WARNING: ").append(shortcutWarning(e)).append('\n');
        }
        return s.toString();
    }

    /** The check's method as reports name it, e.g. "lung-field occlusion". */
    public static String checkLabel(Evaluation e) {
        return e.checkMethod() == null ? "occlusion" : e.checkMethod().label();
    }

    /** The shortcut warning as one sentence, or "" when the check passed or had nothing to measure. */
    public static String shortcutWarning(Evaluation e) {
        return !e.shortcutSuspected() ? "" : "hiding the lungs changes the verdicts less than hiding the rest of the"
                + " image: the model may have learned a shortcut (a marker, the border, the source hospital) instead"
                + " of the disease.";
    }
}
