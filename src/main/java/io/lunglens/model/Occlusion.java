package io.lunglens.model;

import io.lunglens.imaging.Filters;
import io.lunglens.imaging.ModelInput;
import io.lunglens.imaging.XrayImage;
import io.lunglens.task.Progress;
import java.util.List;

/**
 * Occlusion sensitivity (Zeiler &amp; Fergus, 2014): the image is cut into a grid, each cell in turn is hidden, and
 * the map holds how far the explained class's margin falls. It needs only forward passes, so it says where the
 * evidence lies in the image whatever the head does with the feature map.
 *
 * <p>Why not Grad-CAM alone: ResNet50's last feature cells see most of the image, and the LSTM reads them in order,
 * so Grad-CAM lands on the cells the LSTM reads last (below the lungs) even when hiding the lungs is what changes
 * the verdict. On fresh phantoms, a clean-phantom model keeps 66% of its occlusion evidence inside the lungs and
 * 10% of its Grad-CAM (bench/evidence-maps.sh).
 */
public final class Occlusion {

    /** Cells per side; an 8×8 grid separated the clean and marker models as well as a 15×15 sliding one. */
    public static final int GRID = 8;
    private static final int BATCH = 16;

    private Occlusion() {
    }

    /**
     * @param classIndex the class to explain, or -1 for the predicted one
     * @return the prediction and a map at the image's size in [0,1] (all 0 when no cell lowers the margin)
     */
    public static Explanation explain(Classifier classifier, XrayImage image, int classIndex) {
        return explain(classifier, image, classIndex, Progress.none());
    }

    /**
     * As above, reporting cells done and stopping between batches when cancelled (a viewer that moved on to the next
     * image must not wait behind 64 forward passes for this one).
     *
     * @throws io.lunglens.task.CancelledException when progress was cancelled
     */
    public static Explanation explain(Classifier classifier, XrayImage image, int classIndex, Progress progress) {
        progress.checkCancelled();
        // Held across all batches: a model switched away from meanwhile is freed after the last one, not during.
        try (Classifier.Lease l = classifier.lease()) {
            return explainLeased(classifier, l, image, classIndex, progress);
        }
    }

    private static Explanation explainLeased(Classifier classifier, Classifier.Lease lease, XrayImage image,
                                             int classIndex, Progress progress) {
        long t0 = System.nanoTime();
        int size = classifier.card().inputSize();
        float[] plane = ModelInput.toTensorData(image, size);
        Prediction base = classifier.predictPlanes(lease, plane, 1).get(0);
        int k = classIndex >= 0 ? classIndex : base.classIndex();
        if (k >= base.logits().length) {
            throw new IllegalArgumentException("class index " + k + " is not one of 0.." + (base.logits().length - 1));
        }
        float[] fill = fill(plane, size);
        float baseMargin = margin(base.logits(), k);
        int cells = GRID * GRID;
        float[] drop = new float[cells];
        int n = size * size;
        for (int first = 0; first < cells; first += BATCH) {
            progress.checkCancelled();
            progress.update(first, cells, "occlusion map");
            int m = Math.min(BATCH, cells - first);
            float[] planes = new float[m * n];
            for (int j = 0; j < m; j++) {
                System.arraycopy(plane, 0, planes, j * n, n);
                int c = first + j;
                int x0 = (c % GRID) * size / GRID;
                int x1 = (c % GRID + 1) * size / GRID;
                int y0 = (c / GRID) * size / GRID;
                int y1 = (c / GRID + 1) * size / GRID;
                for (int y = y0; y < y1; y++) {
                    System.arraycopy(fill, y * size + x0, planes, j * n + y * size + x0, x1 - x0);
                }
            }
            List<Prediction> hidden = classifier.predictPlanes(lease, planes, m);
            for (int j = 0; j < m; j++) {
                drop[first + j] = Math.max(0f, baseMargin - margin(hidden.get(j).logits(), k));
            }
        }
        float[] map = Filters.smoothUpsample(drop, GRID, GRID, image.width(), image.height());
        Classifier.normalise(map);
        Prediction p = new Prediction(base.label(), base.classIndex(), base.classes(), base.logits(),
                base.probabilities(), base.calibrated(), base.positiveIndex(), base.modelId(),
                (System.nanoTime() - t0) / 1e6, base.domainScore());
        return new Explanation(p, k, map, image.width(), image.height());
    }

    /**
     * What a hidden part of the input shows instead: the image blurred over a cell. A hard grey square adds edges
     * the network can read as evidence; a blur of the image only removes detail.
     */
    static float[] fill(float[] plane, int size) {
        int cell = Math.max(1, size / GRID);
        return Filters.boxBlur(Filters.boxBlur(plane, size, size, cell), size, size, cell);
    }

    /** The class's logit above the best other class's. */
    static float margin(float[] logits, int k) {
        float other = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < logits.length; i++) {
            if (i != k) {
                other = Math.max(other, logits[i]);
            }
        }
        return logits[k] - other;
    }
}
