package io.lunglens.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.Parameter;
import io.lunglens.imaging.ModelInput;
import io.lunglens.imaging.XrayImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The folded inference backbone against the bundle's own blocks, on the real engine and the paper's network. */
class FoldedBackboneTest {

    private static final int SIZE = 128;

    @Test
    void foldedNetworkGivesTheUnfoldedLogitsStageMeansAndGradCam(@TempDir Path dir) throws Exception {
        Random rnd = new Random(7);
        float[] before;
        float[] planes = planes(rnd, 3);
        try (Classifier fresh = new Classifier(ModelBundle.fresh(
                ModelCard.draft("fold", Architecture.RESNET50_LSTM, SIZE, true)), false)) {
            before = fresh.predictPlanes(planes, 3).get(0).logits();
            randomiseBatchNorm(fresh.bundle().network(), rnd);
            ModelBundle.save(dir, fresh.bundle().network(), fresh.card());
        }
        XrayImage image = TestImages.withSquare(150, rnd, 20, 30, 40);
        try (Classifier folded = new Classifier(ModelBundle.load(dir), true);
             Classifier plain = new Classifier(ModelBundle.load(dir), false)) {
            List<Prediction> f = folded.predictPlanes(planes, 3);
            List<Prediction> p = plain.predictPlanes(planes, 3);
            assertTrue(maxDiff(before, p.get(0).logits()) > 1e-2, "the BatchNorm statistics change the logits");
            for (int i = 0; i < 3; i++) {
                assertTrue(maxDiff(p.get(i).logits(), f.get(i).logits()) <= 1e-4,
                        "logits of image " + i + " differ by " + maxDiff(p.get(i).logits(), f.get(i).logits()));
            }
            float[][] fs = folded.pooledFeatures(planes, 3);
            float[][] ps = plain.pooledFeatures(planes, 3);
            for (int i = 0; i < 3; i++) {
                assertTrue(maxDiff(ps[i], fs[i]) <= 1e-3 * (1 + maxAbs(ps[i])), "stage means of image " + i);
            }
            Explanation fe = folded.explain(image);
            Explanation pe = plain.explain(image);
            assertEquals(pe.camClass(), fe.camClass());
            assertTrue(maxDiff(pe.prediction().logits(), fe.prediction().logits()) <= 1e-4);
            // Normalised maps in [0, 1]: float rounding through 53 folded convolutions moves them by about 1e-3.
            assertTrue(maxDiff(pe.cam(), fe.cam()) <= 5e-3, "Grad-CAM maps differ by " + maxDiff(pe.cam(), fe.cam()));
            assertTrue(maxAbs(pe.cam()) > 0.5, "the map is not empty");
        }
    }

    /** BatchNorm terms far from the fresh ones (mean 0, variance 1, γ 1, β 0), as training leaves them. */
    static void randomiseBatchNorm(ResNetLstm net, Random rnd) {
        for (Parameter p : net.torchParameters().values()) {
            Parameter.Type t = p.getType();
            double lo;
            double hi;
            switch (t) {
                case GAMMA -> { lo = 0.5; hi = 1.5; }
                case BETA, RUNNING_MEAN -> { lo = -0.3; hi = 0.3; }
                case RUNNING_VAR -> { lo = 0.3; hi = 3; }
                default -> { continue; }
            }
            float[] v = new float[(int) p.getArray().size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (lo + (hi - lo) * rnd.nextDouble());
            }
            ModelBundle.overwrite(p.getArray(), v);
        }
    }

    private static float[] planes(Random rnd, int n) {
        float[] out = new float[n * SIZE * SIZE];
        for (int i = 0; i < n; i++) {
            XrayImage img = TestImages.withSquare(SIZE + 20 * i, rnd, 10 * i, 15, 30);
            System.arraycopy(ModelInput.toTensorData(img, SIZE), 0, out, i * SIZE * SIZE, SIZE * SIZE);
        }
        return out;
    }

    private static double maxDiff(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }

    private static double maxAbs(float[] a) {
        double m = 0;
        for (float v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
