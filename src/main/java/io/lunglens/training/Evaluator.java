package io.lunglens.training;

import io.lunglens.gate.GateResult;
import io.lunglens.gate.InputGate;
import io.lunglens.imaging.ImageLoadException;
import io.lunglens.imaging.ImageLoader;
import io.lunglens.imaging.LungFields;
import io.lunglens.imaging.LungMask;
import io.lunglens.imaging.XrayImage;
import io.lunglens.model.Classifier;
import io.lunglens.model.Explanation;
import io.lunglens.model.EvidenceMethod;
import io.lunglens.model.Prediction;
import io.lunglens.task.Progress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** Runs a classifier over labelled samples and scores it; training, `evaluate` and labelled scans all use this. */
public final class Evaluator {

    private Evaluator() {
    }

    /**
     * @param classes  the data set's class names (labels index into them)
     * @param positive the data set's positive class index
     */
    public static Evaluation evaluate(Classifier classifier, List<Sample> samples, List<String> classes, int positive,
                                      Progress progress) {
        return evaluate(classifier, samples, classes, positive, progress, null, EvidenceMethod.FAST);
    }

    /**
     * As above; with a gate, images it refuses are listed in {@link Evaluation#gated()} and left out of the metrics.
     * Without one (null) every image is scored, as training scores its own test split. The shortcut check measures
     * each image's evidence by the given method.
     */
    public static Evaluation evaluate(Classifier classifier, List<Sample> samples, List<String> classes, int positive,
                                      Progress progress, InputGate gate, EvidenceMethod method) {
        List<Evaluation.Row> rows = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        List<String> gated = new ArrayList<>();
        int done = 0;
        for (Sample s : samples) {
            progress.checkCancelled();
            try {
                XrayImage img = ImageLoader.load(s.file());
                // Both maps explain the predicted class: "is the evidence for this verdict in the lungs?"
                Explanation cam = classifier.explain(img);
                Prediction p = cam.prediction();
                GateResult g = gate == null ? null : gate.judge(img, p, classifier.card());
                if (g != null && !g.passed()) {
                    // Refused before the shortcut check: its passes would explain a verdict nobody is shown.
                    gated.add(s.file() + ": " + g.shortReason());
                    progress.update(++done, samples.size(), "evaluating");
                    continue;
                }
                // The data set's own lung mask when it has one, else our segmentation.
                LungMask lungs = s.lungMask() != null ? LungMask.of(ImageLoader.load(s.lungMask()))
                        : LungFields.segment(img);
                ShortcutCheck check = ShortcutCheck.run(classifier, img, cam.camClass(), method, lungs,
                        progress.silent());
                rows.add(new Evaluation.Row(s.file(), s.label(), p.label(), p.probabilities()[p.positiveIndex()],
                        p.positiveProbability(), share(lungs, cam), check.shareInLungs()));
            } catch (ImageLoadException e) {
                unreadable.add(e.getMessage());
            }
            progress.update(++done, samples.size(), "evaluating");
        }
        return score(classes, positive, rows, unreadable, gated, method);
    }

    /** No lung fields found (not a chest film, or the segmentation failed): nothing to weigh against. */
    private static double share(LungMask lungs, Explanation e) {
        return lungs.area() < LungFields.MIN_AREA ? Double.NaN : lungs.share(e.cam(), e.width(), e.height());
    }

    /** Scores rows that were predicted elsewhere (a batch scan, no evidence maps), by the same rules. */
    public static Evaluation score(List<String> classes, int positive, List<Evaluation.Row> rows, List<String> unreadable,
                                   List<String> gated) {
        return score(classes, positive, rows, unreadable, gated, null);
    }

    private static Evaluation score(List<String> classes, int positive, List<Evaluation.Row> rows,
                                    List<String> unreadable, List<String> gated, EvidenceMethod method) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(gated.isEmpty() ? "no readable labelled images to evaluate"
                    : "all " + gated.size() + " readable images were refused by the input gate (" + gated.get(0)
                    + (gated.size() > 1 ? ", ..." : "") + "); nothing to score");
        }
        boolean[] isPos = new boolean[rows.size()];
        double[] raw = new double[rows.size()];
        double[] cal = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            Evaluation.Row r = rows.get(i);
            isPos[i] = r.label() == positive;
            raw[i] = r.raw();
            cal[i] = r.calibrated();
        }
        return new Evaluation(List.copyOf(classes), positive, ClassificationMetrics.of(isPos, cal, 0.5),
                ClassificationMetrics.expectedCalibrationError(isPos, raw, Evaluation.CALIBRATION_BINS),
                ClassificationMetrics.expectedCalibrationError(isPos, cal, Evaluation.CALIBRATION_BINS), List.copyOf(rows),
                classMeans(classes.size(), rows, Evaluation.Row::gradCamMass),
                classMeans(classes.size(), rows, Evaluation.Row::occlusionMass), unreadable, gated, method);
    }

    /** Mean of a per-image value per true class, skipping NaN; NaN for a class with no value. */
    private static double[] classMeans(int classes, List<Evaluation.Row> rows, ToDoubleFunction<Evaluation.Row> value) {
        double[] sum = new double[classes];
        int[] n = new int[classes];
        for (Evaluation.Row r : rows) {
            double v = value.applyAsDouble(r);
            if (!Double.isNaN(v)) {
                sum[r.label()] += v;
                n[r.label()]++;
            }
        }
        double[] mean = new double[classes];
        Arrays.setAll(mean, c -> n[c] == 0 ? Double.NaN : sum[c] / n[c]);
        return mean;
    }
}
