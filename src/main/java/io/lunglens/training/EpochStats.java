package io.lunglens.training;

/** What one epoch did; the GUI chart and the CLI both print these. {@code overfitting} marks the epoch the detector fired. */
public record EpochStats(int epoch, double trainLoss, double trainAccuracy, double validationLoss,
                         double validationAccuracy, long millis, boolean overfitting) {
}
