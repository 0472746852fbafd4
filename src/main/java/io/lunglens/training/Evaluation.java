package io.lunglens.training;

import io.lunglens.model.EvidenceMethod;
import java.nio.file.Path;
import java.util.List;

/**
 * A model's results on labelled images.
 *
 * @param metrics       on the calibrated positive-class probability, threshold 0.5
 * @param eceRaw        expected calibration error of the uncalibrated probability
 * @param eceCalibrated the same after temperature scaling
 * @param rows          one per image
 * @param gradCamMass   mean share of Grad-CAM mass inside the lung fields, per class; NaN where no image had a mask
 * @param occlusionMass the same for the shortcut check's occlusion map (made by checkMethod)
 * @param unreadable    images that could not be read, each with its reason
 * @param gated         images the input gate refused (not a frontal chest X-ray, or outside the model's training
 *                      data), each with its reason; the metrics leave them out
 * @param checkMethod   how the shortcut check made its maps; null when it made none (a batch scan)
 */
public record Evaluation(List<String> classes, int positive, ClassificationMetrics metrics, double eceRaw, double eceCalibrated,
                         List<Row> rows, double[] gradCamMass, double[] occlusionMass,
                         List<String> unreadable, List<String> gated, EvidenceMethod checkMethod) {

    public Evaluation {
        unreadable = List.copyOf(unreadable);
        gated = List.copyOf(gated);
    }

    /** Occlusion evidence below this share inside the lungs is called a possible shortcut. */
    public static final double SHORTCUT_THRESHOLD = 0.5;
    /** Equal-width probability bins for the calibration error and the reliability diagram. */
    public static final int CALIBRATION_BINS = 10;

    /**
     * Both masses explain the predicted class; each is NaN when the image has no lung mask or the map is empty.
     *
     * @param gradCamMass   share of this image's Grad-CAM mass inside its lung mask
     * @param occlusionMass share of its occlusion map inside the lung mask
     */
    public record Row(Path file, int label, String predicted, double raw, double calibrated, double gradCamMass,
                      double occlusionMass) {

        /** A row without evidence maps (a batch scan computes none). */
        public Row(Path file, int label, String predicted, double raw, double calibrated) {
            this(file, label, predicted, raw, calibrated, Double.NaN, Double.NaN);
        }
    }

    /**
     * True when, on average over the images with masks, the occlusion evidence lies mostly outside the lungs.
     * Grad-CAM is not used here: through this model's LSTM head it does not say where in the image the evidence is.
     */
    public boolean shortcutSuspected() {
        double sum = 0;
        int n = 0;
        for (Row r : rows) {
            if (!Double.isNaN(r.occlusionMass())) {
                sum += r.occlusionMass();
                n++;
            }
        }
        return n > 0 && sum / n < SHORTCUT_THRESHOLD;
    }

    /** Whether the metrics count this row as right: called positive (calibrated, at the threshold) exactly when it is. */
    public boolean correct(Row r) {
        return (r.calibrated() >= metrics.threshold()) == (r.label() == positive);
    }

    /** The calibrated probability of the side this row was called: P(positive) if called positive, else 1 − P. */
    public double confidence(Row r) {
        return r.calibrated() >= metrics.threshold() ? r.calibrated() : 1 - r.calibrated();
    }

    /** The reliability diagram of the uncalibrated softmax; its ECE is {@link #eceRaw()}. */
    public ClassificationMetrics.Reliability reliabilityRaw() {
        return ClassificationMetrics.reliability(positives(), rows.stream().mapToDouble(Row::raw).toArray(),
                CALIBRATION_BINS);
    }

    /** The same after temperature scaling; its ECE is {@link #eceCalibrated()}. */
    public ClassificationMetrics.Reliability reliabilityCalibrated() {
        return ClassificationMetrics.reliability(positives(), rows.stream().mapToDouble(Row::calibrated).toArray(),
                CALIBRATION_BINS);
    }

    private boolean[] positives() {
        boolean[] p = new boolean[rows.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = rows.get(i).label() == positive;
        }
        return p;
    }
}
