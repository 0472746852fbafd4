package io.lunglens.training;

import io.lunglens.imaging.ImageLoadException;
import io.lunglens.imaging.ImageLoader;
import io.lunglens.imaging.LungFields;
import io.lunglens.imaging.LungMask;
import io.lunglens.imaging.XrayImage;
import io.lunglens.model.Classifier;
import io.lunglens.model.Explanation;
import io.lunglens.model.Prediction;
import io.lunglens.task.Progress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Runs a classifier over labelled samples and scores it; training, `evaluate` and labelled scans all use this. */
public final class Evaluator {

    private static final int ECE_BINS = 10;
    private static final double MIN_LUNG_AREA = 0.02;

    private Evaluator() {
    }

    /**
     * @param classes  the data set's class names (labels index into them)
     * @param positive the data set's positive class index
     */
    public static Evaluation evaluate(Classifier classifier, List<Sample> samples, List<String> classes, int positive,
                                      Progress progress) {
        List<Evaluation.Row> rows = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        int done = 0;
        for (Sample s : samples) {
            progress.checkCancelled();
            try {
                XrayImage img = ImageLoader.load(s.file());
                // The data set's own lung mask when it has one, else our segmentation.
                LungMask lungs = s.lungMask() != null ? LungMask.of(ImageLoader.load(s.lungMask()))
                        : LungFields.segment(img);
                Explanation e = classifier.explain(img, classifier.card().positiveIndex());
                Prediction p = e.prediction();
                // No lung fields found (not a chest film, or the segmentation failed): nothing to weigh against.
                double mass = lungs.area() < MIN_LUNG_AREA ? Double.NaN : lungs.share(e.cam(), e.width(), e.height());
                rows.add(new Evaluation.Row(s.file(), s.label(), p.label(), p.probabilities()[p.positiveIndex()],
                        p.positiveProbability(), mass));
            } catch (ImageLoadException e) {
                unreadable.add(e.getMessage());
            }
            progress.update(++done, samples.size(), "evaluating");
        }
        return score(classes, positive, rows, unreadable);
    }

    /** Scores rows that were predicted elsewhere (a batch scan), by the same rules. */
    public static Evaluation score(List<String> classes, int positive, List<Evaluation.Row> rows, List<String> unreadable) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("no readable labelled images to evaluate");
        }
        boolean[] isPos = new boolean[rows.size()];
        double[] raw = new double[rows.size()];
        double[] cal = new double[rows.size()];
        double[] massSum = new double[classes.size()];
        int[] massN = new int[classes.size()];
        for (int i = 0; i < rows.size(); i++) {
            Evaluation.Row r = rows.get(i);
            isPos[i] = r.label() == positive;
            raw[i] = r.raw();
            cal[i] = r.calibrated();
            if (!Double.isNaN(r.lungMass())) {
                massSum[r.label()] += r.lungMass();
                massN[r.label()]++;
            }
        }
        double[] mass = new double[classes.size()];
        Arrays.setAll(mass, c -> massN[c] == 0 ? Double.NaN : massSum[c] / massN[c]);
        return new Evaluation(List.copyOf(classes), positive, Metrics.of(isPos, cal, 0.5),
                Metrics.expectedCalibrationError(isPos, raw, ECE_BINS),
                Metrics.expectedCalibrationError(isPos, cal, ECE_BINS), List.copyOf(rows), mass, List.copyOf(unreadable));
    }
}
