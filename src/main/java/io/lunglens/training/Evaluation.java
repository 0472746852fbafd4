package io.lunglens.training;

import java.nio.file.Path;
import java.util.List;

/**
 * A model's results on labelled images.
 *
 * @param metrics       on the calibrated positive-class probability, threshold 0.5
 * @param eceRaw        expected calibration error of the uncalibrated probability
 * @param eceCalibrated the same after temperature scaling
 * @param rows          one per image
 * @param lungMass      mean share of Grad-CAM mass inside the lung fields, per class; NaN where no image had a mask
 * @param unreadable    images that could not be read, each with its reason
 */
public record Evaluation(List<String> classes, int positive, Metrics metrics, double eceRaw, double eceCalibrated,
                         List<Row> rows, double[] lungMass, List<String> unreadable) {

    /** Grad-CAM evidence below this share inside the lungs is called a possible shortcut. */
    public static final double SHORTCUT_THRESHOLD = 0.5;

    /**
     * @param lungMass share of this image's Grad-CAM mass inside its lung mask, NaN when it has no mask
     */
    public record Row(Path file, int label, String predicted, double raw, double calibrated, double lungMass) {
    }

    /** True when, on average over the images with masks, the evidence lies mostly outside the lungs. */
    public boolean shortcutSuspected() {
        double sum = 0;
        int n = 0;
        for (Row r : rows) {
            if (!Double.isNaN(r.lungMass())) {
                sum += r.lungMass();
                n++;
            }
        }
        return n > 0 && sum / n < SHORTCUT_THRESHOLD;
    }
}
