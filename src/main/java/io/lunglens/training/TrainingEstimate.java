package io.lunglens.training;

import io.lunglens.model.EvidenceMethod;
import java.util.Locale;

/**
 * How long a run will take, from a measured step: every epoch's training steps and validation pass, then the
 * finishing passes (calibration on the validation split, the training-domain fit over training and validation,
 * and the test evaluation with its shortcut check). An upper bound in epochs:
 * early stopping can end a run sooner. Reading the images is not counted.
 *
 * @param trainImages      images in the training split
 * @param validationImages images in the validation split
 * @param testImages       images in the test split
 * @param batchSize        images per step
 * @param epochs           most epochs
 * @param step             the measured step and forward pass
 */
public record TrainingEstimate(int trainImages, int validationImages, int testImages, int batchSize, int epochs,
                               StepTimer.StepTime step) {

    /** Forward passes per test image: the prediction with its Grad-CAM, and the (fast) shortcut check's. */
    static final int PASSES_PER_TEST_IMAGE = 2 + EvidenceMethod.FAST.passes();

    /**
     * Steps per epoch, the one batching rule training uses: a last batch of one would break BatchNorm's batch
     * statistics, so it waits for the next epoch.
     */
    public static int stepsPerEpoch(int images, int batchSize) {
        return images / batchSize + (images % batchSize >= 2 ? 1 : 0);
    }

    public double trainingSecondsPerEpoch() {
        return stepsPerEpoch(trainImages, batchSize) * step.stepSeconds();
    }

    public double validationSecondsPerEpoch() {
        return validationImages * step.forwardSecondsPerImage();
    }

    /** After the last epoch: calibration, the training-domain fit and the test evaluation. */
    public double finishingSeconds() {
        double images = validationImages + trainImages + validationImages
                + (double) testImages * PASSES_PER_TEST_IMAGE;
        return images * step.forwardSecondsPerImage();
    }

    public double totalSeconds() {
        return epochs * (trainingSecondsPerEpoch() + validationSecondsPerEpoch()) + finishingSeconds();
    }

    /** "≈ 14 min on this machine (1.1 s per step, measured)". */
    public String summary() {
        return String.format(Locale.ROOT, "\u2248 %s on this machine (%s per step, measured)", duration(totalSeconds()),
                seconds(step.stepSeconds()));
    }

    /** What the estimate is made of, for a tooltip. */
    public String breakdown() {
        return String.format(Locale.ROOT, "%d epoch(s) at most \u00d7 (%d steps of %s + validation %s), then %s"
                        + " for calibration and the test evaluation. Early stopping can end sooner; reading the"
                        + " images is not counted.", epochs, stepsPerEpoch(trainImages, batchSize),
                seconds(step.stepSeconds()), duration(validationSecondsPerEpoch()), duration(finishingSeconds()));
    }

    /** A span as people say it: "40 s", "14 min", "2 h 05 min". */
    public static String duration(double seconds) {
        long s = Math.round(Math.max(0, seconds));
        if (s < 90) {
            return s + " s";
        }
        long min = Math.round(s / 60.0);
        return min < 60 ? min + " min" : String.format(Locale.ROOT, "%d h %02d min", min / 60, min % 60);
    }

    /** A short time with two significant figures: "1.1 s", "0.35 s", "12 s". */
    static String seconds(double s) {
        return s >= 10 ? Math.round(s) + " s" : String.format(Locale.ROOT, "%.2g s", s);
    }
}
