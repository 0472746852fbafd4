package io.lunglens.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * What a model's training images look like in its own feature space, so an image unlike them can be called "outside
 * the training data". The features are the outputs of the backbone's four stages (layer1..layer4), each globally
 * average-pooled (2048 + 1024 + 512 + 256 values for ResNet50). The last stage alone does not do: a model trained on
 * phantoms maps real radiographs close to its phantoms there (measured: 27% of 190 real films outside), while the
 * early stages keep the texture that tells them apart.
 *
 * <p>Each stage is described by a probabilistic PCA: the training features' mean, their top k principal directions
 * with the variance along each, and one variance for everything else. A stage's distance is the Mahalanobis distance
 * inside its k-dimensional subspace plus the residual length over the residual standard deviation (squared, summed,
 * square root), divided by the median of the validation images' distances so that every stage counts alike; an
 * image's distance is the root mean square over the stages. The threshold is the {@value #PERCENTILE}th percentile of
 * the validation images' distances: they were not fitted on, and in-sample distances are too small to set it.
 * {@link #score} divides by it, so at most 1 means inside.
 *
 * <p>Stored in a bundle as {@value #FILE}; the card's training summary holds its sha256 under {@value #CARD_KEY}, and
 * the card names its weights by sha256, so a description is only ever used with the weights it was fitted on.
 */
public final class TrainingDomain {

    public static final String FILE = "domain.json";
    /** The key of the summary in the card's training map. */
    public static final String CARD_KEY = "domain";
    public static final String FORMAT = "lunglens-training-domain/1";
    /** Validation percentile that sets the threshold: 1% of in-domain images are expected beyond it. */
    public static final double PERCENTILE = 99;
    /** Principal directions kept per stage, at most. */
    public static final int MAX_COMPONENTS = 16;

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** One stage's PPCA; scale is the median validation distance (NaN while fitting). */
    record Part(float[] mean, float[][] components, double[] variances, double residualVariance, double scale) {

        int size() {
            return mean.length;
        }

        double distance(float[] x, int offset) {
            double[] d = new double[mean.length];
            double norm = 0;
            for (int i = 0; i < d.length; i++) {
                d[i] = x[offset + i] - mean[i];
                norm += d[i] * d[i];
            }
            double inside = 0;
            double projected = 0;
            for (int c = 0; c < components.length; c++) {
                double z = 0;
                float[] v = components[c];
                for (int i = 0; i < d.length; i++) {
                    z += v[i] * d[i];
                }
                inside += z * z / variances[c];
                projected += z * z;
            }
            return Math.sqrt(inside + Math.max(0, norm - projected) / residualVariance);
        }

        Part withScale(double s) {
            return new Part(mean, components, variances, residualVariance, s);
        }
    }

    private final Part[] parts;
    private final double threshold;
    private final int images;
    private final int validationImages;
    private final String fittedOn;

    private TrainingDomain(Part[] parts, double threshold, int images, int validationImages, String fittedOn) {
        this.parts = parts;
        this.threshold = threshold;
        this.images = images;
        this.validationImages = validationImages;
        this.fittedOn = fittedOn;
    }

    /** Feature values per stage, in order. */
    public int[] parts() {
        return Arrays.stream(parts).mapToInt(Part::size).toArray();
    }

    /** Feature values per image, all stages. */
    public int dimensions() {
        return Arrays.stream(parts).mapToInt(Part::size).sum();
    }

    /** Principal directions per stage. */
    public int components() {
        return parts[0].components().length;
    }

    public double threshold() {
        return threshold;
    }

    public int images() {
        return images;
    }

    public int validationImages() {
        return validationImages;
    }

    public String fittedOn() {
        return fittedOn;
    }

    /** Distance over threshold: at most 1 inside the training domain. */
    public double score(float[] features) {
        return distance(features) / threshold;
    }

    /** The image's distance from the training images: root mean square of the stages' scaled PPCA distances. */
    public double distance(float[] features) {
        return rms(stageDistances(features), parts);
    }

    private double[] stageDistances(float[] features) {
        if (features.length != dimensions()) {
            throw new IllegalArgumentException("expected " + dimensions() + " features, got " + features.length);
        }
        double[] d = new double[parts.length];
        int offset = 0;
        for (int p = 0; p < parts.length; p++) {
            d[p] = parts[p].distance(features, offset);
            offset += parts[p].size();
        }
        return d;
    }

    /**
     * Fits on the training batches, then scales and thresholds on the validation batches; each batch holds one row of
     * pooled features per image, stages side by side with the sizes given. Only running sums are kept of the training
     * features, and a few numbers per validation image.
     */
    public static TrainingDomain fit(Iterator<float[][]> train, Iterator<float[][]> validation, int[] sizes,
                                     String fittedOn) {
        Moments[] m = new Moments[sizes.length];
        for (int p = 0; p < sizes.length; p++) {
            m[p] = new Moments(sizes[p]);
        }
        int total = Arrays.stream(sizes).sum();
        int n = 0;
        while (train.hasNext()) {
            for (float[] x : train.next()) {
                if (x.length != total) {
                    throw new IllegalArgumentException("expected " + total + " features, got " + x.length);
                }
                int offset = 0;
                for (int p = 0; p < sizes.length; p++) {
                    m[p].add(x, offset);
                    offset += sizes[p];
                }
                n++;
            }
        }
        if (n < 2) {
            throw new IllegalArgumentException("a training-domain description needs at least 2 training images");
        }
        Part[] parts = new Part[sizes.length];
        for (int p = 0; p < sizes.length; p++) {
            parts[p] = m[p].describe(Math.min(MAX_COMPONENTS, Math.min(n - 1, sizes[p] - 1)));
        }
        TrainingDomain unscaled = new TrainingDomain(parts, Double.NaN, n, 0, fittedOn);
        List<double[]> dist = new ArrayList<>();
        while (validation.hasNext()) {
            for (float[] x : validation.next()) {
                dist.add(unscaled.stageDistances(x));
            }
        }
        if (dist.isEmpty()) {
            throw new IllegalArgumentException("a training-domain threshold needs at least 1 validation image");
        }
        for (int p = 0; p < parts.length; p++) {
            final int q = p;
            double median = percentile(dist.stream().mapToDouble(d -> d[q]).toArray(), 50);
            parts[p] = parts[p].withScale(median > 0 ? median : 1);
        }
        double[] combined = new double[dist.size()];
        for (int i = 0; i < combined.length; i++) {
            combined[i] = rms(dist.get(i), parts);
        }
        double t = percentile(combined, PERCENTILE);
        return new TrainingDomain(parts, t > 0 ? t : 1, n, dist.size(), fittedOn);
    }

    /** Root mean square of the stages' distances, each over its scale. */
    private static double rms(double[] stageDistances, Part[] parts) {
        double sum = 0;
        for (int p = 0; p < parts.length; p++) {
            double r = stageDistances[p] / parts[p].scale();
            sum += r * r;
        }
        return Math.sqrt(sum / parts.length);
    }

    /** Linear interpolation between order statistics (numpy's default). */
    static double percentile(double[] values, double p) {
        double[] v = values.clone();
        Arrays.sort(v);
        double pos = p / 100 * (v.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(v.length - 1, lo + 1);
        return v[lo] + (pos - lo) * (v[hi] - v[lo]);
    }

    /** The card's summary of this description, whose bytes (as {@link #toJson} wrote them) the card pins by sha256. */
    public Map<String, Object> summary(byte[] json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", FILE);
        m.put("sha256", sha256(json));
        m.put("features", "backbone stages layer1..layer4, each average-pooled: " + Arrays.toString(parts())
                + " values");
        m.put("method", "PPCA per stage (Mahalanobis distance in the top " + components() + " principal directions"
                + " plus the residual over its variance), scaled by the stage's median validation distance, root mean"
                + " square over stages; threshold = " + (int) PERCENTILE + "th percentile of the validation images'"
                + " distances");
        m.put("images", images);
        m.put("validationImages", validationImages);
        m.put("k", components());
        m.put("percentile", PERCENTILE);
        m.put("threshold", threshold);
        m.put("fittedOn", fittedOn);
        return m;
    }

    /** The stored form: plain JSON, floats for the large arrays. */
    record Stored(String format, int images, int validationImages, String fittedOn, double percentile,
                  double threshold, List<StoredPart> parts) {
    }

    record StoredPart(int channels, double scale, double residualVariance, double[] variances, float[] mean,
                      List<float[]> components) {
    }

    public byte[] toJson() {
        List<StoredPart> sp = Arrays.stream(parts).map(p -> new StoredPart(p.size(), p.scale(), p.residualVariance(),
                p.variances(), p.mean(), List.of(p.components()))).toList();
        try {
            return JSON.writeValueAsBytes(new Stored(FORMAT, images, validationImages, fittedOn, PERCENTILE,
                    threshold, sp));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses and checks a stored description; IllegalArgumentException says in one line what is wrong. */
    public static TrainingDomain fromJson(byte[] json) {
        Stored s;
        try {
            s = JSON.readValue(json, Stored.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a training-domain description: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("not a training-domain description: " + e.getMessage());
        }
        if (s == null || !FORMAT.equals(s.format())) {
            throw new IllegalArgumentException("not a " + FORMAT + " description");
        }
        if (s.parts() == null || s.parts().isEmpty() || !(s.threshold() > 0) || !Double.isFinite(s.threshold())
                || !s.parts().stream().allMatch(TrainingDomain::valid)) {
            throw new IllegalArgumentException("training-domain description has missing, mismatched or non-positive"
                    + " numbers");
        }
        Part[] parts = s.parts().stream().map(p -> new Part(p.mean(), p.components().toArray(float[][]::new),
                p.variances(), p.residualVariance(), p.scale())).toArray(Part[]::new);
        return new TrainingDomain(parts, s.threshold(), s.images(), s.validationImages(), s.fittedOn());
    }

    private static boolean valid(StoredPart p) {
        int dims = p == null || p.mean() == null ? 0 : p.mean().length;
        return dims > 1 && p.channels() == dims && p.components() != null && p.variances() != null
                && p.components().size() == p.variances().length && p.components().size() < dims
                && p.components().stream().allMatch(c -> c != null && c.length == dims && finite(c))
                && finite(p.mean()) && Arrays.stream(p.variances()).allMatch(v -> v > 0 && Double.isFinite(v))
                && p.residualVariance() > 0 && Double.isFinite(p.residualVariance())
                && p.scale() > 0 && Double.isFinite(p.scale());
    }

    private static boolean finite(float[] v) {
        for (float f : v) {
            if (!Float.isFinite(f)) {
                return false;
            }
        }
        return true;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Running sum and sum of outer products (upper triangle) of the training features. */
    private static final class Moments {
        final int dims;
        final double[] sum;
        final double[][] outer;
        int n;

        Moments(int dims) {
            this.dims = dims;
            sum = new double[dims];
            outer = new double[dims][dims];
        }

        void add(float[] x, int offset) {
            for (int i = 0; i < dims; i++) {
                double xi = x[offset + i];
                sum[i] += xi;
                if (xi == 0) {
                    continue; // pooled ReLU outputs are often exactly 0
                }
                double[] row = outer[i];
                for (int j = i; j < dims; j++) {
                    row[j] += xi * x[offset + j];
                }
            }
            n++;
        }

        /** Mean, top k directions by subspace iteration with a Rayleigh–Ritz step, residual variance. */
        Part describe(int k) {
            double[] mu = new double[dims];
            for (int i = 0; i < dims; i++) {
                mu[i] = sum[i] / n;
            }
            double[][] cov = covariance(mu);
            double trace = 0;
            for (int i = 0; i < dims; i++) {
                trace += Math.max(0, cov[i][i]);
            }
            int p = Math.min(dims, k + 8);
            double[][] q = subspace(cov, p);
            double[][] aq = times(cov, q);
            double[][] b = new double[p][p];
            for (int r = 0; r < p; r++) {
                for (int c = 0; c < p; c++) {
                    b[r][c] = dot(q[r], aq[c]);
                }
            }
            double[][] w = new double[p][p];
            double[] eig = Jacobi.eigen(b, w);
            Integer[] order = new Integer[p];
            for (int i = 0; i < p; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (x, y) -> Double.compare(eig[y], eig[x]));
            double kept = 0;
            float[][] comps = new float[k][dims];
            double[] vars = new double[k];
            for (int c = 0; c < k; c++) {
                int e = order[c];
                vars[c] = Math.max(0, eig[e]);
                kept += vars[c];
                for (int r = 0; r < p; r++) {
                    double coef = w[r][e];
                    for (int i = 0; i < dims; i++) {
                        comps[c][i] += (float) (coef * q[r][i]);
                    }
                }
            }
            // A floor keeps a collapsed set (fewer images than directions) from dividing by zero.
            double floor = 1e-6 * trace / dims + 1e-12;
            double residual = Math.max(floor, (trace - kept) / (dims - k));
            for (int c = 0; c < k; c++) {
                vars[c] = Math.max(vars[c], residual);
            }
            float[] m = new float[dims];
            for (int i = 0; i < dims; i++) {
                m[i] = (float) mu[i];
            }
            return new Part(m, comps, vars, residual, Double.NaN);
        }

        private double[][] covariance(double[] mu) {
            double[][] cov = new double[dims][dims];
            for (int i = 0; i < dims; i++) {
                for (int j = i; j < dims; j++) {
                    double c = outer[i][j] / n - mu[i] * mu[j];
                    cov[i][j] = c;
                    cov[j][i] = c;
                }
            }
            return cov;
        }

        /** An orthonormal basis of p directions near the covariance's top ones: subspace iteration from a seeded start. */
        private double[][] subspace(double[][] cov, int p) {
            double[][] q = new double[p][dims];
            Random rnd = new Random(1);
            for (double[] v : q) {
                for (int i = 0; i < dims; i++) {
                    v[i] = rnd.nextGaussian();
                }
            }
            orthonormalise(q);
            for (int it = 0; it < 30; it++) {
                q = times(cov, q);
                orthonormalise(q);
            }
            return q;
        }
    }

    private static double[][] times(double[][] a, double[][] q) {
        double[][] out = new double[q.length][a.length];
        for (int r = 0; r < q.length; r++) {
            for (int i = 0; i < a.length; i++) {
                out[r][i] = dot(a[i], q[r]);
            }
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** Modified Gram–Schmidt on the rows; a row that vanishes becomes a fresh random direction. */
    private static void orthonormalise(double[][] rows) {
        Random rnd = new Random(rows.length);
        for (int r = 0; r < rows.length; r++) {
            for (int attempt = 0; attempt < 3; attempt++) {
                for (int s = 0; s < r; s++) {
                    double d = dot(rows[r], rows[s]);
                    for (int i = 0; i < rows[r].length; i++) {
                        rows[r][i] -= d * rows[s][i];
                    }
                }
                double norm = Math.sqrt(dot(rows[r], rows[r]));
                if (norm > 1e-30) {
                    for (int i = 0; i < rows[r].length; i++) {
                        rows[r][i] /= norm;
                    }
                    break;
                }
                for (int i = 0; i < rows[r].length; i++) {
                    rows[r][i] = rnd.nextGaussian();
                }
            }
        }
    }

    /** Cyclic Jacobi for the small symmetric Rayleigh–Ritz matrix. */
    static final class Jacobi {
        private Jacobi() {
        }

        /** Eigenvalues of symmetric a (destroyed); eigenvectors into the columns of v. */
        static double[] eigen(double[][] a, double[][] v) {
            int n = a.length;
            for (int i = 0; i < n; i++) {
                Arrays.fill(v[i], 0);
                v[i][i] = 1;
            }
            for (int sweep = 0; sweep < 100; sweep++) {
                double off = 0;
                for (int i = 0; i < n; i++) {
                    for (int j = i + 1; j < n; j++) {
                        off += a[i][j] * a[i][j];
                    }
                }
                if (off < 1e-30) {
                    break;
                }
                for (int pp = 0; pp < n; pp++) {
                    for (int qq = pp + 1; qq < n; qq++) {
                        rotate(a, v, pp, qq);
                    }
                }
            }
            double[] d = new double[n];
            for (int i = 0; i < n; i++) {
                d[i] = a[i][i];
            }
            return d;
        }

        private static void rotate(double[][] a, double[][] v, int p, int q) {
            if (Math.abs(a[p][q]) < 1e-300) {
                return;
            }
            double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
            double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
            if (theta == 0) {
                t = 1;
            }
            double c = 1 / Math.sqrt(t * t + 1);
            double s = t * c;
            int n = a.length;
            for (int k = 0; k < n; k++) {
                double akp = a[k][p];
                double akq = a[k][q];
                a[k][p] = c * akp - s * akq;
                a[k][q] = s * akp + c * akq;
            }
            for (int k = 0; k < n; k++) {
                double apk = a[p][k];
                double aqk = a[q][k];
                a[p][k] = c * apk - s * aqk;
                a[q][k] = s * apk + c * aqk;
            }
            for (int k = 0; k < n; k++) {
                double vkp = v[k][p];
                double vkq = v[k][q];
                v[k][p] = c * vkp - s * vkq;
                v[k][q] = s * vkp + c * vkq;
            }
        }
    }
}
