package io.lunglens.training.audit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Decision stumps and depth-2 trees over numeric features ("x ≥ t" goes right), and their k-fold
 * cross-validated accuracy. Deterministic: the folds come from a fixed seed and ties keep the first split found.
 */
final class MetaTree {

    static final long FOLD_SEED = 17;

    private MetaTree() {
    }

    /** One split: rows with feature ≥ threshold go right; each side predicts its majority label. */
    record Split(int feature, double threshold, int left, int right, int errors) {
        int predict(double[] row) {
            return row[feature] >= threshold ? right : left;
        }
    }

    /** A depth-2 tree: the root split, and a split under each side (null keeps the root's side label). */
    record Tree(Split root, Split leftChild, Split rightChild) {
        int predict(double[] row) {
            boolean right = row[root.feature()] >= root.threshold();
            Split child = right ? rightChild : leftChild;
            return child != null ? child.predict(row) : root.predict(row);
        }
    }

    /** The split with the fewest training errors over the rows idx, or null when no feature separates them. */
    static Split bestSplit(double[][] x, int[] y, int k, int[] idx) {
        Split best = null;
        int features = x.length == 0 ? 0 : x[0].length;
        for (int f = 0; f < features; f++) {
            Split s = bestOn(x, y, k, idx, f);
            if (s != null && (best == null || s.errors() < best.errors())) {
                best = s;
            }
        }
        return best;
    }

    /** Sweeps the rows sorted by one feature, keeping the class counts on each side. */
    private static Split bestOn(double[][] x, int[] y, int k, int[] idx, int f) {
        Integer[] order = Arrays.stream(idx).boxed().toArray(Integer[]::new);
        Arrays.sort(order, (a, b) -> Double.compare(x[a][f], x[b][f]));
        int[] left = new int[k];
        int[] right = new int[k];
        for (int i : idx) {
            right[y[i]]++;
        }
        Split best = null;
        for (int j = 0; j < order.length - 1; j++) {
            left[y[order[j]]]++;
            right[y[order[j]]]--;
            double a = x[order[j]][f];
            double b = x[order[j + 1]][f];
            if (a == b) {
                continue;
            }
            int errors = j + 1 - max(left) + (order.length - j - 1) - max(right);
            if (best == null || errors < best.errors()) {
                best = new Split(f, (a + b) / 2, argmax(left), argmax(right), errors);
            }
        }
        return best;
    }

    static Tree fitTree(double[][] x, int[] y, int k, int[] idx) {
        Split root = bestSplit(x, y, k, idx);
        if (root == null) {
            return null;
        }
        int[] l = Arrays.stream(idx).filter(i -> x[i][root.feature()] < root.threshold()).toArray();
        int[] r = Arrays.stream(idx).filter(i -> x[i][root.feature()] >= root.threshold()).toArray();
        return new Tree(root, bestSplit(x, y, k, l), bestSplit(x, y, k, r));
    }

    /** Cross-validated accuracy of the stump (depth 1) or the tree (depth 2); a fold without a split predicts its majority. */
    static double cvAccuracy(double[][] x, int[] y, int k, int depth, int folds) {
        int n = y.length;
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(FOLD_SEED));
        int[] fold = new int[n];
        for (int j = 0; j < n; j++) {
            fold[order.get(j)] = j % folds;
        }
        int right = 0;
        for (int v = 0; v < folds; v++) {
            int held = v;
            int[] train = IntStream.range(0, n).filter(i -> fold[i] != held).toArray();
            int majority = majority(y, k, train);
            Split s = depth == 1 ? bestSplit(x, y, k, train) : null;
            Tree t = depth == 2 ? fitTree(x, y, k, train) : null;
            for (int i = 0; i < n; i++) {
                if (fold[i] == held) {
                    int p = s != null ? s.predict(x[i]) : t != null ? t.predict(x[i]) : majority;
                    right += p == y[i] ? 1 : 0;
                }
            }
        }
        return n == 0 ? 0 : (double) right / n;
    }

    static int majority(int[] y, int k, int[] idx) {
        int[] c = new int[k];
        for (int i : idx) {
            c[y[i]]++;
        }
        return argmax(c);
    }

    private static int max(int[] c) {
        return c[argmax(c)];
    }

    private static int argmax(int[] c) {
        int best = 0;
        for (int i = 1; i < c.length; i++) {
            if (c[i] > c[best]) {
                best = i;
            }
        }
        return best;
    }
}
