package io.lunglens.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Flags the epoch at which validation loss has risen for {@code k} epochs in a row while training loss
 * kept falling: the divergence the seed paper noticed only after the fact.
 */
public final class OverfitDetector {

    /** Where overfitting was flagged, and how far validation loss sits above training loss there. */
    public record Flag(int epoch, int risingEpochs, double gap, double bestValidationLoss, int bestEpoch) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT,
                    "overfitting from epoch %d: validation loss rose %s while training loss fell "
                            + "(gap %.3f; best validation loss %.3f at epoch %d)",
                    epoch, risingEpochs == 1 ? "for one epoch" : risingEpochs + " epochs in a row", gap,
                    bestValidationLoss, bestEpoch);
        }
    }

    private final int k;
    private final List<double[]> history = new ArrayList<>();
    private Flag flag;

    public OverfitDetector(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1");
        }
        this.k = k;
    }

    /** Adds an epoch's losses; returns the flag if this epoch is the one that raises it. */
    public Optional<Flag> add(double trainLoss, double validationLoss) {
        history.add(new double[] {trainLoss, validationLoss});
        int n = history.size();
        if (flag != null || n <= k) {
            return Optional.empty();
        }
        for (int i = n - k; i < n; i++) {
            double[] prev = history.get(i - 1);
            double[] cur = history.get(i);
            if (!(cur[1] > prev[1] && cur[0] < prev[0])) {
                return Optional.empty();
            }
        }
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (history.get(i)[1] < history.get(best)[1]) {
                best = i;
            }
        }
        double[] last = history.get(n - 1);
        flag = new Flag(n, k, last[1] - last[0], history.get(best)[1], best + 1);
        return Optional.of(flag);
    }

    public Optional<Flag> flag() {
        return Optional.ofNullable(flag);
    }
}
