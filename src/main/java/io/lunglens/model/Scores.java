package io.lunglens.model;

/** Softmax and argmax over a model's class scores: the one definition the classifier and training share. */
public final class Scores {

    private Scores() {
    }

    /** softmax(z / t), computed after subtracting the largest term so that large logits do not overflow. */
    public static double[] softmax(double[] z, double t) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v / t);
        }
        double[] p = new double[z.length];
        double sum = 0;
        for (int i = 0; i < z.length; i++) {
            p[i] = Math.exp(z[i] / t - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    /** As above, for the float logits a network gives. */
    public static double[] softmax(float[] logits, double t) {
        double[] z = new double[logits.length];
        for (int i = 0; i < z.length; i++) {
            z[i] = logits[i];
        }
        return softmax(z, t);
    }

    /** The index of the largest value; the first one on a tie. */
    public static int argMax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    /** The index, from 0, of the largest of the k values starting at from: one row of a flat batch of logits. */
    public static int argMax(float[] v, int from, int k) {
        int best = 0;
        for (int c = 1; c < k; c++) {
            if (v[from + c] > v[from + best]) {
                best = c;
            }
        }
        return best;
    }
}
