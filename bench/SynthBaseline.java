import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Baselines on a phantom folder: image mean and standard deviation as single-feature classifiers (ROC AUC over
 * all images), and L2 logistic regression on 16x16 thumbnails, trained on the first 70% of each class by index
 * and scored on the rest. Usage: java bench/SynthBaseline.java PHANTOM_DIR PER_CLASS
 */
public final class SynthBaseline {

    private static final int T = 16;

    public static void main(String[] args) throws IOException {
        File dir = new File(args[0]);
        int perClass = Integer.parseInt(args[1]);
        int split = (int) Math.round(perClass * 0.7);
        List<double[]> trainX = new ArrayList<>();
        List<double[]> testX = new ArrayList<>();
        List<Integer> trainY = new ArrayList<>();
        List<Integer> testY = new ArrayList<>();
        double[][] mean = new double[2][perClass];
        double[][] std = new double[2][perClass];
        String[] labels = {"Normal", "COVID"};
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < perClass; i++) {
                BufferedImage img = ImageIO.read(new File(dir, labels[c] + "/images/" + labels[c] + "-" + (i + 1) + ".png"));
                Raster r = img.getRaster();
                int n = img.getWidth();
                double max = (1 << img.getColorModel().getComponentSize(0)) - 1;
                int[] px = r.getPixels(0, 0, n, img.getHeight(), (int[]) null);
                double[] thumb = new double[T * T];
                double s = 0;
                double sq = 0;
                for (int k = 0; k < px.length; k++) {
                    double v = px[k] / max;
                    s += v;
                    sq += v * v;
                    int ty = (k / n) * T / img.getHeight();
                    int tx = (k % n) * T / n;
                    thumb[ty * T + tx] += v;
                }
                double cell = (double) px.length / (T * T);
                for (int k = 0; k < thumb.length; k++) {
                    thumb[k] /= cell;
                }
                mean[c][i] = s / px.length;
                std[c][i] = Math.sqrt(Math.max(0, sq / px.length - mean[c][i] * mean[c][i]));
                (i < split ? trainX : testX).add(thumb);
                (i < split ? trainY : testY).add(c);
            }
        }
        double[][] xtr = trainX.toArray(new double[0][]);
        double[][] xte = testX.toArray(new double[0][]);
        standardise(xtr, xte);
        double[] w = fit(xtr, trainY.stream().mapToInt(Integer::intValue).toArray(), 1e-2, 3000);
        int[] yte = testY.stream().mapToInt(Integer::intValue).toArray();
        double[] score = new double[xte.length];
        int correct = 0;
        for (int k = 0; k < xte.length; k++) {
            score[k] = dot(w, xte[k]);
            correct += (score[k] > 0 ? 1 : 0) == yte[k] ? 1 : 0;
        }
        System.out.printf(Locale.ROOT, "mean_auc=%.3f%n", auc(mean[1], mean[0]));
        System.out.printf(Locale.ROOT, "std_auc=%.3f%n", auc(std[1], std[0]));
        System.out.printf(Locale.ROOT, "logreg_accuracy=%.3f%n", (double) correct / xte.length);
        System.out.printf(Locale.ROOT, "logreg_auc=%.3f%n", aucOf(score, yte));
        System.out.printf(Locale.ROOT, "train=%d%ntest=%d%n", xtr.length, xte.length);
    }

    private static void standardise(double[][] train, double[][] test) {
        int d = train[0].length;
        for (int j = 0; j < d; j++) {
            double m = 0;
            double s = 0;
            for (double[] x : train) {
                m += x[j];
            }
            m /= train.length;
            for (double[] x : train) {
                s += (x[j] - m) * (x[j] - m);
            }
            s = Math.sqrt(s / train.length) + 1e-9;
            for (double[] x : train) {
                x[j] = (x[j] - m) / s;
            }
            for (double[] x : test) {
                x[j] = (x[j] - m) / s;
            }
        }
    }

    /** Full-batch gradient descent on the L2-regularised log loss; the last weight is the bias. */
    private static double[] fit(double[][] x, int[] y, double l2, int iterations) {
        int d = x[0].length;
        double[] w = new double[d + 1];
        double rate = 0.1;
        for (int it = 0; it < iterations; it++) {
            double[] g = new double[d + 1];
            for (int k = 0; k < x.length; k++) {
                double p = 1 / (1 + Math.exp(-dot(w, x[k])));
                double e = p - y[k];
                for (int j = 0; j < d; j++) {
                    g[j] += e * x[k][j];
                }
                g[d] += e;
            }
            for (int j = 0; j <= d; j++) {
                w[j] -= rate * (g[j] / x.length + (j < d ? l2 * w[j] : 0));
            }
        }
        return w;
    }

    private static double dot(double[] w, double[] x) {
        double s = w[x.length];
        for (int j = 0; j < x.length; j++) {
            s += w[j] * x[j];
        }
        return s;
    }

    private static double aucOf(double[] score, int[] y) {
        double[] pos = Arrays.stream(indices(y, 1)).mapToDouble(k -> score[k]).toArray();
        double[] neg = Arrays.stream(indices(y, 0)).mapToDouble(k -> score[k]).toArray();
        return auc(pos, neg);
    }

    private static int[] indices(int[] y, int c) {
        return java.util.stream.IntStream.range(0, y.length).filter(k -> y[k] == c).toArray();
    }

    private static double auc(double[] pos, double[] neg) {
        double wins = 0;
        for (double p : pos) {
            for (double q : neg) {
                wins += p > q ? 1 : (p == q ? 0.5 : 0);
            }
        }
        return wins / ((double) pos.length * neg.length);
    }
}
