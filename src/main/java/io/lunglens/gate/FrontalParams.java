package io.lunglens.gate;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The fitted numbers of the frontal check, as stored in frontal-check.json: an eigen-chest subspace (mean thumbnail
 * and principal components of frontal films), the standardisation of the feature vector, and a logistic regression
 * over it with its threshold. Written by the fitter (src/test/.../FrontalFit), read once at start.
 *
 * @param version    bumped whenever the features or the data change; part of {@link FrontalCheck#id()}
 * @param side       thumbnail side the subspace was fitted at
 * @param mean       mean thumbnail, side² values
 * @param components principal components, each side² values, unit length
 * @param sdev       standard deviation of each component's coefficient on the fitted frontal films
 * @param names      feature names, in vector order
 * @param centre     per-feature mean used to standardise
 * @param scale      per-feature standard deviation used to standardise
 * @param weights    logistic regression weights on the standardised features
 * @param bias       logistic regression intercept
 * @param threshold  score at or above which an image is called frontal
 */
public record FrontalParams(int version, int side, float[] mean, List<float[]> components, double[] sdev,
                            List<String> names, double[] centre, double[] scale, double[] weights, double bias,
                            double threshold) {

    static final String RESOURCE = "frontal-check.json";

    public FrontalParams {
        components = List.copyOf(components);
        names = List.copyOf(names);
        if (mean.length != side * side || weights.length != names.size() || centre.length != names.size()
                || scale.length != names.size() || sdev.length != components.size()) {
            throw new IllegalArgumentException("inconsistent frontal-check parameters");
        }
    }

    /** The shipped parameters from the class path. */
    static FrontalParams shipped() {
        try (InputStream in = FrontalParams.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource io/lunglens/gate/" + RESOURCE);
            }
            return new ObjectMapper().readValue(in, FrontalParams.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read io/lunglens/gate/" + RESOURCE, e);
        }
    }

    /**
     * The feature vector of a thumbnail, before standardisation: scalars, subspace coefficients (in standard
     * deviations), then the logs of the mean squared coefficient, of the residual off the subspace and of the
     * distance from the mean film.
     */
    double[] features(FrontalFeatures.Thumb t) {
        double[] s = t.scalars();
        int k = components.size();
        double[] out = new double[s.length + k + 3];
        System.arraycopy(s, 0, out, 0, s.length);
        float[] p = t.pixels();
        double[] r = new double[p.length];
        double total = 0;
        for (int i = 0; i < p.length; i++) {
            r[i] = p[i] - mean[i];
            total += r[i] * r[i];
        }
        double explained = 0;
        double mahalanobis = 0;
        for (int c = 0; c < k; c++) {
            float[] v = components.get(c);
            double dot = 0;
            for (int i = 0; i < p.length; i++) {
                dot += r[i] * v[i];
            }
            explained += dot * dot;
            out[s.length + c] = dot / sdev[c];
            mahalanobis += out[s.length + c] * out[s.length + c];
        }
        double residual = Math.max(0, total - explained) / p.length;
        out[s.length + k] = Math.log(mahalanobis / k + 1e-2);
        out[s.length + k + 1] = Math.log(residual + 1e-4);
        out[s.length + k + 2] = Math.log(total / p.length + 1e-4);
        return out;
    }

    /** Probability-like score in 0..1 from a raw feature vector. */
    double score(double[] features) {
        double z = bias;
        for (int i = 0; i < weights.length; i++) {
            z += weights[i] * (features[i] - centre[i]) / scale[i];
        }
        return 1 / (1 + Math.exp(-z));
    }
}
