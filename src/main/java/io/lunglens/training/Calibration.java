package io.lunglens.training;

import io.lunglens.model.Scores;
/** Temperature scaling (Guo et al., 2017): one scalar T that divides the logits, fitted to validation NLL. */
public final class Calibration {

    private Calibration() {
    }

    /**
     * Fits T by golden-section search on log T in [1/20, 20]; the NLL is convex in 1/T, so this finds the optimum.
     *
     * @param logits one row of class logits per sample
     * @param labels the true class per sample
     */
    public static double fitTemperature(double[][] logits, int[] labels) {
        double lo = Math.log(0.05);
        double hi = Math.log(20);
        double g = (Math.sqrt(5) - 1) / 2;
        double a = hi - g * (hi - lo);
        double b = lo + g * (hi - lo);
        double fa = nll(logits, labels, Math.exp(a));
        double fb = nll(logits, labels, Math.exp(b));
        for (int i = 0; i < 80; i++) {
            if (fa < fb) {
                hi = b;
                b = a;
                fb = fa;
                a = hi - g * (hi - lo);
                fa = nll(logits, labels, Math.exp(a));
            } else {
                lo = a;
                a = b;
                fa = fb;
                b = lo + g * (hi - lo);
                fb = nll(logits, labels, Math.exp(b));
            }
        }
        return Math.exp((lo + hi) / 2);
    }

    /** Mean negative log-likelihood of the labels under softmax(logits / t). */
    public static double nll(double[][] logits, int[] labels, double t) {
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            sum -= Math.log(Math.max(1e-12, Scores.softmax(logits[i], t)[labels[i]]));
        }
        return sum / logits.length;
    }
}
