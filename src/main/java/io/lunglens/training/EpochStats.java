package io.lunglens.training;

/** What one epoch did; the GUI chart and the CLI both print these. */
public record EpochStats(int epoch, double trainLoss, double trainAccuracy, double validationLoss,
                         double validationAccuracy, long millis, boolean overfitting) {
}
