package io.lunglens.gate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.lunglens.gate.FrontalFeatures.Thumb;
import io.lunglens.gate.FrontalSamples.Sample;
import io.lunglens.imaging.XrayImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Fits the frontal check and writes frontal-check.json and its card. Reproducible: the same data give the same
 * file. Run by bench/fit-frontal-check.sh.
 */
public final class FrontalFit {

    static final int VERSION = 1;
    static final int COMPONENTS = 8;
    static final double L2 = 1.0;
    static final int PER_KIND = 60;
    private static final int FOLDS = 5;

    /** A fitting example: its thumbnail, truth, weight and source. */
    record Example(Thumb thumb, boolean frontal, double weight, String source) {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "src/main/resources/io/lunglens/gate");
        long t0 = System.nanoTime();
        List<Sample> all = FrontalSamples.all(PER_KIND);
        List<Sample> fit = all.stream().filter(Sample::fit).toList();
        List<Example> examples = examples(fit);
        System.out.printf(Locale.ROOT, "%d fitting examples from %d images (%.1f s)%n", examples.size(), fit.size(),
                (System.nanoTime() - t0) / 1e9);
        double[] oof = outOfFold(examples);
        double threshold = threshold(examples, oof);
        for (boolean f : new boolean[] {true, false}) {
            double[] q = IntStream.range(0, oof.length).filter(i -> examples.get(i).frontal() == f)
                    .mapToDouble(i -> oof[i]).sorted().toArray();
            System.out.printf(Locale.ROOT, "out-of-fold %s: min %.4f p1 %.4f p5 %.4f median %.4f p95 %.4f p99 %.4f max %.4f%n",
                    f ? "frontal" : "other", q[0], q[q.length / 100], q[q.length / 20], q[q.length / 2],
                    q[q.length * 95 / 100], q[q.length * 99 / 100], q[q.length - 1]);
        }
        System.out.printf(Locale.ROOT, "threshold %.4f%n", threshold);
        String cvTable = cvTable(examples, oof, threshold);
        System.out.print(cvTable);
        FrontalParams params = fit(examples, threshold);
        Files.createDirectories(out);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(out.resolve(FrontalParams.RESOURCE).toFile(), params);
        FrontalCheck check = new FrontalCheck(params);
        List<FrontalEval.Scored> held = FrontalEval.score(check,
                all.stream().filter(s -> !s.fit()).toList());
        String heldTable = FrontalEval.table(FrontalEval.rows(held));
        System.out.print(heldTable);
        List<String> wrong = held.stream().filter(s -> s.accepted() != s.sample().frontal())
                .map(s -> String.format(Locale.ROOT, "%s (%s, score %.3f)", s.sample().name(), s.sample().source(),
                        s.score())).toList();
        wrong.forEach(w -> System.out.println("  wrong: " + w));
        String card = FrontalCard.text(params, fit, examples.size(), cvTable, heldTable, wrong);
        Files.writeString(out.resolve("frontal-check.md"), card, StandardCharsets.UTF_8);
        System.out.printf(Locale.ROOT, "wrote %s in %.1f s%n", out, (System.nanoTime() - t0) / 1e9);
    }

    /** Thumbnails of the fitting images, plus mirrored real frontal films; each source weighs the same in total. */
    static List<Example> examples(List<Sample> fit) {
        List<Thumb> thumbs = fit.parallelStream().map(s -> {
            XrayImage img = s.image().get();
            return FrontalFeatures.judgeable(img) ? FrontalFeatures.of(img) : null;
        }).toList();
        List<Example> raw = new ArrayList<>();
        for (int i = 0; i < fit.size(); i++) {
            Sample s = fit.get(i);
            Thumb t = thumbs.get(i);
            if (t == null || !t.contrast()) {
                continue; // the check answers these by rule
            }
            raw.add(new Example(t, s.frontal(), 1, s.source()));
            if (s.frontal() && s.source().contains("CXR")) {
                raw.add(new Example(mirror(t), true, 1, s.source() + ", mirrored"));
            }
            if (s.source().contains("scikit-image")) {
                // Few photographs: their crops add textures and framings the thumbnail has not seen.
                XrayImage img = s.image().get();
                SplittableRandom r = new SplittableRandom(FrontalSamples.crc(s.name()));
                for (int c = 0; c < 4; c++) {
                    Thumb ct = FrontalFeatures.of(crop(img, r));
                    if (ct.contrast()) {
                        raw.add(new Example(ct, false, 1, s.source() + ", crops"));
                    }
                }
            }
        }
        Map<String, Long> counts = raw.stream().collect(Collectors.groupingBy(Example::source,
                Collectors.counting()));
        double[] classTotal = new double[2];
        counts.forEach((source, n) -> classTotal[raw.stream().filter(e -> e.source().equals(source)).findFirst()
                .orElseThrow().frontal() ? 1 : 0] += sourceWeight(source));
        List<Example> out = new ArrayList<>();
        for (Example e : raw) {
            // Both classes weigh the same in total.
            double w = sourceWeight(e.source()) / counts.get(e.source()) / classTotal[e.frontal() ? 1 : 0];
            out.add(new Example(e.thumb(), e.frontal(), w, e.source()));
        }
        return out;
    }

    /** Real films and the negatives that look most like them (lateral films, CT) count most. */
    private static double sourceWeight(String source) {
        if (source.contains("mirrored") || source.contains("crops")) {
            return 1;
        }
        if (source.startsWith("frontal") || source.startsWith("lateral") || source.startsWith("CT")) {
            return 3;
        }
        return 1.5;
    }

    /** A random crop of half to nine tenths of each side. */
    static XrayImage crop(XrayImage img, SplittableRandom r) {
        int w = Math.max(1, (int) (img.width() * (0.5 + 0.4 * r.nextDouble())));
        int h = Math.max(1, (int) (img.height() * (0.5 + 0.4 * r.nextDouble())));
        int x0 = r.nextInt(img.width() - w + 1);
        int y0 = r.nextInt(img.height() - h + 1);
        int[] px = new int[w * h];
        for (int y = 0; y < h; y++) {
            System.arraycopy(img.pixels(), (y0 + y) * img.width() + x0, px, y * w, w);
        }
        return new XrayImage(w, h, img.bitsStored(), px, img.photometric(), img.info());
    }

    static Thumb mirror(Thumb t) {
        int s = FrontalFeatures.SIDE;
        float[] m = new float[t.pixels().length];
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                m[y * s + x] = t.pixels()[y * s + (s - 1 - x)];
            }
        }
        return new Thumb(m, t.scalars(), true);
    }

    /** Scores of each example from a model fitted without its fold (folds by a fixed shuffle). */
    static double[] outOfFold(List<Example> ex) {
        int[] fold = new int[ex.size()];
        SplittableRandom r = new SplittableRandom(15);
        for (int i = 0; i < fold.length; i++) {
            fold[i] = r.nextInt(FOLDS);
        }
        double[] oof = new double[ex.size()];
        for (int f = 0; f < FOLDS; f++) {
            int ff = f;
            List<Example> train = IntStream.range(0, ex.size()).filter(i -> fold[i] != ff).mapToObj(ex::get).toList();
            FrontalParams p = fit(train, 0.5);
            for (int i = 0; i < ex.size(); i++) {
                if (fold[i] == f) {
                    oof[i] = p.score(p.features(ex.get(i).thumb()));
                }
            }
        }
        return oof;
    }

    /**
     * Midway, in log-odds, between the 1st percentile of the out-of-fold frontal scores and the 99th percentile of
     * the others: an equal margin to both tails, set on data the scoring model did not see.
     */
    static double threshold(List<Example> ex, double[] oof) {
        double lo = logit(quantile(ex, oof, true, 0.01));
        double hi = logit(quantile(ex, oof, false, 0.99));
        return 1 / (1 + Math.exp(-(lo + hi) / 2));
    }

    static double quantile(List<Example> ex, double[] oof, boolean frontal, double q) {
        double[] v = IntStream.range(0, ex.size()).filter(i -> ex.get(i).frontal() == frontal)
                .mapToDouble(i -> oof[i]).sorted().toArray();
        return v[(int) Math.floor(q * (v.length - 1))];
    }

    private static double logit(double p) {
        double c = Math.max(1e-9, Math.min(1 - 1e-9, p));
        return Math.log(c / (1 - c));
    }

    static String cvTable(List<Example> ex, double[] oof, double threshold) {
        Map<String, int[]> counts = new LinkedHashMap<>();
        Map<String, Boolean> truth = new LinkedHashMap<>();
        for (int i = 0; i < ex.size(); i++) {
            int[] c = counts.computeIfAbsent(ex.get(i).source(), k -> new int[2]);
            c[0]++;
            c[1] += oof[i] >= threshold ? 1 : 0;
            truth.put(ex.get(i).source(), ex.get(i).frontal());
        }
        List<FrontalEval.Row> rows = new ArrayList<>();
        counts.forEach((k, c) -> rows.add(new FrontalEval.Row(k, truth.get(k), c[0], c[1])));
        return FrontalEval.table(rows);
    }

    /** Eigen-chest subspace on the frontal examples, then an L2 logistic regression on all of them. */
    static FrontalParams fit(List<Example> ex, double threshold) {
        int d = FrontalFeatures.SIDE * FrontalFeatures.SIDE;
        List<float[]> pos = ex.stream().filter(Example::frontal).map(e -> e.thumb().pixels()).toList();
        float[] mean = new float[d];
        for (float[] p : pos) {
            for (int i = 0; i < d; i++) {
                mean[i] += p[i] / pos.size();
            }
        }
        double[][] centred = pos.stream().map(p -> {
            double[] c = new double[d];
            for (int i = 0; i < d; i++) {
                c[i] = p[i] - mean[i];
            }
            return c;
        }).toArray(double[][]::new);
        List<float[]> comps = new ArrayList<>();
        double[] sdev = new double[COMPONENTS];
        for (int k = 0; k < COMPONENTS; k++) {
            double[] v = topComponent(centred, k);
            double var = 0;
            for (double[] c : centred) {
                double dot = dot(c, v);
                var += dot * dot;
                for (int i = 0; i < d; i++) {
                    c[i] -= dot * v[i];
                }
            }
            sdev[k] = Math.sqrt(var / centred.length) + 1e-6;
            float[] fv = new float[d];
            for (int i = 0; i < d; i++) {
                fv[i] = (float) v[i];
            }
            comps.add(fv);
        }
        int nf = FrontalFeatures.SCALARS.length + COMPONENTS + 3;
        List<String> names = new ArrayList<>(Arrays.asList(FrontalFeatures.SCALARS));
        for (int k = 0; k < COMPONENTS; k++) {
            names.add("eigenchest_" + (k + 1));
        }
        names.add("log_mahalanobis");
        names.add("log_residual");
        names.add("log_distance");
        double[] zero = new double[nf];
        double[] one = new double[nf];
        Arrays.fill(one, 1);
        FrontalParams subspace = new FrontalParams(VERSION, FrontalFeatures.SIDE, mean, comps, sdev, names, zero,
                one, zero, 0, threshold);
        double[][] x = ex.stream().map(e -> subspace.features(e.thumb())).toArray(double[][]::new);
        double[] centre = new double[nf];
        double[] scale = new double[nf];
        for (int j = 0; j < nf; j++) {
            int jj = j;
            centre[j] = Arrays.stream(x).mapToDouble(r -> r[jj]).average().orElse(0);
            double var = Arrays.stream(x).mapToDouble(r -> (r[jj] - centre[jj]) * (r[jj] - centre[jj])).average()
                    .orElse(0);
            scale[j] = Math.sqrt(var) + 1e-9;
        }
        double[][] z = Arrays.stream(x).map(r -> {
            double[] o = new double[nf];
            for (int j = 0; j < nf; j++) {
                o[j] = (r[j] - centre[j]) / scale[j];
            }
            return o;
        }).toArray(double[][]::new);
        double[] y = ex.stream().mapToDouble(e -> e.frontal() ? 1 : 0).toArray();
        double[] w = ex.stream().mapToDouble(Example::weight).toArray();
        double[] beta = logistic(z, y, w, L2);
        return new FrontalParams(VERSION, FrontalFeatures.SIDE, mean, comps, sdev, names, centre, scale,
                Arrays.copyOf(beta, nf), beta[nf], threshold);
    }

    /** Leading principal direction of the rows, by power iteration from a fixed start. */
    private static double[] topComponent(double[][] rows, int k) {
        int d = rows[0].length;
        double[] v = new double[d];
        SplittableRandom r = new SplittableRandom(100 + k);
        for (int i = 0; i < d; i++) {
            v[i] = r.nextDouble() - 0.5;
        }
        normalise(v);
        for (int it = 0; it < 150; it++) {
            double[] nv = new double[d];
            for (double[] row : rows) {
                double dot = dot(row, v);
                for (int i = 0; i < d; i++) {
                    nv[i] += dot * row[i];
                }
            }
            normalise(nv);
            v = nv;
        }
        // A fixed sign makes the file reproducible and readable: the component's largest entry is positive.
        int arg = 0;
        for (int i = 1; i < d; i++) {
            if (Math.abs(v[i]) > Math.abs(v[arg])) {
                arg = i;
            }
        }
        if (v[arg] < 0) {
            for (int i = 0; i < d; i++) {
                v[i] = -v[i];
            }
        }
        return v;
    }

    /** Weighted logistic regression, L2 on the weights (not the intercept), by Newton's method. */
    static double[] logistic(double[][] x, double[] y, double[] w, double lambda) {
        int n = x.length;
        int p = x[0].length + 1;
        double[] beta = new double[p];
        double wsum = Arrays.stream(w).sum();
        for (int it = 0; it < 50; it++) {
            double[] grad = new double[p];
            double[][] hess = new double[p][p];
            for (int i = 0; i < n; i++) {
                double[] xi = Arrays.copyOf(x[i], p);
                xi[p - 1] = 1;
                double mu = 1 / (1 + Math.exp(-dot(xi, beta)));
                double wi = w[i] / wsum;
                for (int a = 0; a < p; a++) {
                    grad[a] += wi * (mu - y[i]) * xi[a];
                    for (int b = 0; b < p; b++) {
                        hess[a][b] += wi * mu * (1 - mu) * xi[a] * xi[b];
                    }
                }
            }
            double reg = lambda / n;
            for (int a = 0; a < p - 1; a++) {
                grad[a] += reg * beta[a];
                hess[a][a] += reg;
            }
            double[] step = solve(hess, grad);
            double change = 0;
            for (int a = 0; a < p; a++) {
                beta[a] -= step[a];
                change = Math.max(change, Math.abs(step[a]));
            }
            if (change < 1e-9) {
                break;
            }
        }
        return beta;
    }

    /** Gaussian elimination with partial pivoting. */
    private static double[] solve(double[][] a0, double[] b0) {
        int n = b0.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            a[i] = a0[i].clone();
        }
        double[] b = b0.clone();
        for (int c = 0; c < n; c++) {
            int piv = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) {
                    piv = r;
                }
            }
            double[] tr = a[c];
            a[c] = a[piv];
            a[piv] = tr;
            double tb = b[c];
            b[c] = b[piv];
            b[piv] = tb;
            for (int r = c + 1; r < n; r++) {
                double f = a[r][c] / a[c][c];
                for (int k = c; k < n; k++) {
                    a[r][k] -= f * a[c][k];
                }
                b[r] -= f * b[c];
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = b[r];
            for (int k = r + 1; k < n; k++) {
                s -= a[r][k] * x[k];
            }
            x[r] = s / a[r][r];
        }
        return x;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static void normalise(double[] v) {
        double n = Math.sqrt(dot(v, v));
        for (int i = 0; i < v.length; i++) {
            v[i] /= n;
        }
    }
}
