package io.lunglens.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Binary classification metrics with 95% intervals: Wilson for proportions, a seeded bootstrap for AUC.
 * Small test sets give wide intervals; reporting them is the point.
 *
 * @param tp true positives, and so on
 * @param roc points (false positive rate, true positive rate) from threshold +inf down to -inf
 */
public record ClassificationMetrics(int tp, int fp, int tn, int fn, double threshold,
                      Interval accuracy, Interval precision, Interval recall, Interval specificity,
                      double f1, double auc, Interval aucInterval, List<double[]> roc) {

    /** A point estimate with its 95% interval. */
    public record Interval(double value, double low, double high) {
        @Override
        public String toString() {
            return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", value, low, high);
        }
    }

    /**
     * @param positive  true where the sample belongs to the positive class
     * @param score     the model's positive-class probability per sample
     * @param threshold a score at or above it is called positive
     */
    public static ClassificationMetrics of(boolean[] positive, double[] score, double threshold) {
        if (positive.length != score.length || positive.length == 0) {
            throw new IllegalArgumentException("need equal, non-empty label and score arrays");
        }
        int tp = 0, fp = 0, tn = 0, fn = 0;
        for (int i = 0; i < score.length; i++) {
            boolean called = score[i] >= threshold;
            if (positive[i]) {
                if (called) tp++; else fn++;
            } else {
                if (called) fp++; else tn++;
            }
        }
        Interval precision = wilson(tp, tp + fp);
        Interval recall = wilson(tp, tp + fn);
        double f1 = tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
        double auc = auc(positive, score);
        return new ClassificationMetrics(tp, fp, tn, fn, threshold, wilson(tp + tn, score.length), precision, recall,
                wilson(tn, tn + fp), f1, auc, bootstrapAuc(positive, score, 1000, 12345L, auc), roc(positive, score));
    }

    /** Wilson score interval at 95%; NaN when there is nothing to count. */
    public static Interval wilson(int successes, int n) {
        if (n == 0) {
            return new Interval(Double.NaN, Double.NaN, Double.NaN);
        }
        double z = 1.959963984540054;
        double p = (double) successes / n;
        double denom = 1 + z * z / n;
        double centre = (p + z * z / (2.0 * n)) / denom;
        double half = z * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n)) / denom;
        return new Interval(p, Math.max(0, centre - half), Math.min(1, centre + half));
    }

    /** Area under the ROC curve as the Mann-Whitney statistic (ties count half); NaN with one class only. */
    public static double auc(boolean[] positive, double[] score) {
        int n = score.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(score[a], score[b]));
        double rankSumPos = 0;
        long nPos = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && score[order[j + 1]] == score[order[i]]) j++;
            double avgRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (positive[order[k]]) {
                    rankSumPos += avgRank;
                    nPos++;
                }
            }
            i = j + 1;
        }
        long nNeg = n - nPos;
        if (nPos == 0 || nNeg == 0) {
            return Double.NaN;
        }
        return (rankSumPos - nPos * (nPos + 1) / 2.0) / ((double) nPos * nNeg);
    }

    static Interval bootstrapAuc(boolean[] positive, double[] score, int rounds, long seed, double auc) {
        if (Double.isNaN(auc)) {
            return new Interval(Double.NaN, Double.NaN, Double.NaN);
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = score.length;
        double[] values = new double[rounds];
        int kept = 0;
        boolean[] p = new boolean[n];
        double[] s = new double[n];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < n; k++) {
                int pick = rnd.nextInt(n);
                p[k] = positive[pick];
                s[k] = score[pick];
            }
            double a = auc(p, s);
            if (!Double.isNaN(a)) {
                values[kept++] = a;
            }
        }
        double[] v = Arrays.copyOf(values, kept);
        Arrays.sort(v);
        return new Interval(auc, v[(int) Math.floor(0.025 * (kept - 1))], v[(int) Math.ceil(0.975 * (kept - 1))]);
    }

    static List<double[]> roc(boolean[] positive, double[] score) {
        int n = score.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(score[b], score[a]));
        long nPos = 0;
        for (boolean b : positive) if (b) nPos++;
        long nNeg = n - nPos;
        List<double[]> pts = new ArrayList<>();
        pts.add(new double[] {0, 0});
        int tp = 0, fp = 0, i = 0;
        while (i < n) {
            double t = score[order[i]];
            // Double.compare, not ==: a NaN score equals no value, and == would never let i move past it.
            while (i < n && Double.compare(score[order[i]], t) == 0) {
                if (positive[order[i]]) tp++; else fp++;
                i++;
            }
            pts.add(new double[] {nNeg == 0 ? 0 : (double) fp / nNeg, nPos == 0 ? 0 : (double) tp / nPos});
        }
        return List.copyOf(pts);
    }

    /** Expected calibration error with equal-width bins over the predicted positive probability. */
    public static double expectedCalibrationError(boolean[] positive, double[] score, int bins) {
        return reliability(positive, score, bins).ece();
    }

    /**
     * A reliability diagram: equal-width bins over the predicted positive probability, each with its count, mean
     * prediction and observed positive rate, and the expected calibration error read from the same bins.
     */
    public static Reliability reliability(boolean[] positive, double[] score, int bins) {
        double[] conf = new double[bins];
        double[] hits = new double[bins];
        int[] count = new int[bins];
        for (int i = 0; i < score.length; i++) {
            int b = Math.min(bins - 1, (int) (score[i] * bins));
            conf[b] += score[i];
            hits[b] += positive[i] ? 1 : 0;
            count[b]++;
        }
        double ece = 0;
        List<Reliability.Bin> out = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            if (count[b] > 0) {
                ece += Math.abs(hits[b] - conf[b]) / score.length;
            }
            out.add(new Reliability.Bin((double) b / bins, (double) (b + 1) / bins, count[b],
                    count[b] == 0 ? Double.NaN : conf[b] / count[b], count[b] == 0 ? Double.NaN : hits[b] / count[b]));
        }
        return new Reliability(List.copyOf(out), ece);
    }

    /**
     * Predicted against observed, bin by bin.
     *
     * @param bins every bin, empty ones included (their means are NaN)
     * @param ece  expected calibration error: the count-weighted gap between the two
     */
    public record Reliability(List<Bin> bins, double ece) {

        /** Predictions in [low, high) (the last bin includes 1): how many, their mean, and how many were positive. */
        public record Bin(double low, double high, int count, double meanPredicted, double observed) {
        }

        /** Images counted over all bins. */
        public int total() {
            return bins.stream().mapToInt(Bin::count).sum();
        }
    }
}
