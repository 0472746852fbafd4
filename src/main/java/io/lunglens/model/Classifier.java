package io.lunglens.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.lunglens.imaging.Filters;
import io.lunglens.imaging.ModelInput;
import io.lunglens.imaging.XrayImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Verdicts and Grad-CAM maps from one model bundle. Every call works in its own NDManager scope, so nothing
 * outlives it. Calls are serialised (the CPU has too few cores for parallel inference to pay).
 *
 * <p>Closing is safe while other threads still use the model: every call holds a {@link Lease}, and the native
 * weights are freed when the last one ends. A call that starts after close gets an IllegalStateException.
 */
public final class Classifier implements AutoCloseable {

    private final ModelBundle bundle;
    private final ModelCard card;
    private final FoldedBackbone backbone;
    private final Object users = new Object();
    private int leases;
    private boolean closing;

    /**
     * Takes ownership of the bundle: closing the classifier closes it. Inference runs on a folded copy of the
     * backbone made here (about 100 MB more), so later changes to the bundle's weights do not reach this classifier.
     */
    public Classifier(ModelBundle bundle) {
        this(bundle, true);
    }

    /** fold false runs the bundle's own blocks: the reference the folded network is checked and timed against. */
    Classifier(ModelBundle bundle, boolean fold) {
        this.bundle = bundle;
        this.card = bundle.card();
        this.backbone = fold ? FoldedBackbone.fold(bundle.network().backbone(), bundle.model().getNDManager(),
                OneDnnIsa.channelsLastSafe()) : null;
    }

    /** Loads and verifies a bundle folder. */
    public static Classifier load(Path bundleDir) throws ModelBundleException {
        if (ModelBundle.readCard(bundleDir).isBackbone()) {
            throw new ModelBundleException(bundleDir, "is an imported backbone with an untrained head, so it gives no"
                    + " verdicts; train a model from it: lunglens train DIR --init " + bundleDir);
        }
        return new Classifier(ModelBundle.load(bundleDir));
    }

    public ModelCard card() {
        return card;
    }

    public ModelBundle bundle() {
        return bundle;
    }

    public Prediction predict(XrayImage image) {
        return predictBatch(List.of(image)).get(0);
    }

    /** One forward pass for the whole list; the results equal single predictions up to float rounding. */
    public synchronized List<Prediction> predictBatch(List<XrayImage> images) {
        try (Lease l = lease()) {
            if (images.isEmpty()) {
                return List.of();
            }
            long t0 = System.nanoTime();
            int plane = card.inputSize() * card.inputSize();
            float[] planes = new float[images.size() * plane];
            for (int i = 0; i < images.size(); i++) {
                System.arraycopy(ModelInput.toTensorData(images.get(i), card.inputSize()), 0, planes, i * plane, plane);
            }
            return forward(planes, images.size(), t0);
        }
    }

    /**
     * As {@link #predictBatch} for n planes already made by {@link ModelInput#toTensorData} at the card's input
     * size, so that a caller (the batch scan) can preprocess on other threads while this one runs the network.
     */
    public List<Prediction> predictPlanes(float[] planes, int n) {
        try (Lease l = lease()) {
            return predictPlanes(l, planes, n);
        }
    }

    /** As above, under a lease the caller holds: work spanning several calls goes on after close() was called. */
    synchronized List<Prediction> predictPlanes(Lease held, float[] planes, int n) {
        if (!held.held) {
            throw new IllegalStateException("lease of model " + card.id() + " already ended");
        }
        return n == 0 ? List.of() : forward(planes, n, System.nanoTime());
    }

    /** Backbone then head, as the network's own forward pass does, so the pooled features come at no extra pass. */
    private List<Prediction> forward(float[] planes, int n, long t0) {
        EngineBootstrap.inferenceThread();
        TrainingDomain domain = bundle.domain();
        float[] logits;
        float[] pooled = null;
        try (NDManager scope = bundle.model().getNDManager().newSubManager()) {
            NDArray x = InputTensor.fromPlanes(scope, card, planes, n);
            ParameterStore ps = new ParameterStore(scope, false);
            NDList f = stages(scope, x);
            logits = bundle.network().head().forward(ps, new NDList(f.get(0)), false).singletonOrThrow().toFloatArray();
            if (domain != null) {
                pooled = f.get(1).toFloatArray();
            }
        }
        double each = (System.nanoTime() - t0) / 1e6 / n;
        int k = card.classes().size();
        int c = domain == null ? 0 : domain.dimensions();
        List<Prediction> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[] row = new float[k];
            System.arraycopy(logits, i * k, row, 0, k);
            out.add(prediction(row, each, domain == null ? Double.NaN
                    : domain.score(Arrays.copyOfRange(pooled, i * c, (i + 1) * c))));
        }
        return out;
    }

    /** [feature map, pooled stage outputs] of the backbone, folded unless this is the reference. */
    private NDList stages(NDManager scope, NDArray x) {
        return backbone != null ? backbone.forwardPooled(x)
                : bundle.network().backbone().forwardPooled(new ParameterStore(scope, false), x);
    }

    /**
     * The backbone's stage outputs for n planes (made by {@link ModelInput#toTensorData} at the card's input size),
     * each average-pooled, side by side: one row of sum({@link Architecture#stageChannels()}) values per image, the
     * space in which {@link TrainingDomain} describes the training images.
     */
    public synchronized float[][] pooledFeatures(float[] planes, int n) {
        try (Lease l = lease()) {
            EngineBootstrap.inferenceThread();
            if (n == 0) {
                return new float[0][];
            }
            float[] flat;
            try (NDManager scope = bundle.model().getNDManager().newSubManager()) {
                NDArray x = InputTensor.fromPlanes(scope, card, planes, n);
                flat = stages(scope, x).get(1).toFloatArray();
            }
            int c = flat.length / n;
            float[][] out = new float[n][];
            for (int i = 0; i < n; i++) {
                out[i] = Arrays.copyOfRange(flat, i * c, (i + 1) * c);
            }
            return out;
        }
    }


    /**
     * The prediction and a Grad-CAM map for classIndex, from one backbone pass and one head pass with its backward.
     * The backbone runs outside the gradient collector so that its output is a leaf whose gradient libtorch keeps;
     * inside it, the gradient of a non-leaf reads as zeros.
     */
    public Explanation explain(XrayImage image, int classIndex) {
        if (classIndex < 0 || classIndex >= card.classes().size()) {
            throw new IllegalArgumentException("class index " + classIndex + " is not one of 0.."
                    + (card.classes().size() - 1));
        }
        return explainClass(image, classIndex);
    }

    /** As {@link #explain(XrayImage, int)} for the class the model predicts, still in one pass. */
    public Explanation explain(XrayImage image) {
        return explainClass(image, -1);
    }

    private synchronized Explanation explainClass(XrayImage image, int requested) {
        try (Lease l = lease()) {
            return explainLeased(image, requested);
        }
    }

    private Explanation explainLeased(XrayImage image, int requested) {
        EngineBootstrap.inferenceThread();
        long t0 = System.nanoTime();
        int classIndex;
        float[] logits;
        float[] small;
        int fh;
        int fw;
        float[] pooled;
        try (NDManager scope = bundle.model().getNDManager().newSubManager()) {
            NDArray x = InputTensor.of(scope, card, List.of(image));
            ParameterStore ps = new ParameterStore(scope, false);
            NDList stages = stages(scope, x);
            NDArray f = stages.get(0);
            f.setRequiresGradient(true);
            NDArray out;
            // Only dF is wanted: frozen head weights spare their gradients (and leave no .grad behind).
            LstmHead head = bundle.network().head();
            head.freezeParameters(true);
            try (GradientScope gc = GradientScope.open()) {
                out = head.forward(ps, new NDList(f), false).singletonOrThrow();
                classIndex = requested >= 0 ? requested : (int) out.get(0).argMax().getLong();
                gc.backward(out.get(0, classIndex));
            } finally {
                head.freezeParameters(false);
            }
            logits = out.toFloatArray();
            pooled = bundle.domain() == null ? null : stages.get(1).toFloatArray();
            NDArray g = f.getGradient();
            Shape s = f.getShape();
            fh = (int) s.get(2);
            fw = (int) s.get(3);
            // Channel weights: the gradient's spatial mean (one axis at a time: DJL's mean takes a single axis).
            NDArray w = g.mean(new int[] {3}).mean(new int[] {2}).reshape(1, s.get(1), 1, 1);
            small = f.mul(w).sum(new int[] {1}).maximum(0f).toFloatArray();
        }
        float[] cam = Filters.smoothUpsample(small, fw, fh, image.width(), image.height());
        normalise(cam);
        Prediction p = prediction(logits, (System.nanoTime() - t0) / 1e6,
                pooled == null ? Double.NaN : bundle.domain().score(pooled));
        return new Explanation(p, classIndex, cam, image.width(), image.height());
    }

    /**
     * Frees the model once no call uses it: at once when idle, else when the last {@link Lease} ends (on that
     * call's thread). Later calls throw IllegalStateException. Closing twice does nothing.
     */
    @Override
    public void close() {
        synchronized (users) {
            if (closing) {
                return;
            }
            closing = true;
            if (leases > 0) {
                return;
            }
        }
        release();
    }

    private void release() {
        if (backbone != null) {
            backbone.close();
        }
        bundle.close();
    }

    /** Holds the model open until closed; for work spanning several calls (an occlusion map's batches). */
    Lease lease() {
        synchronized (users) {
            if (closing) {
                throw new IllegalStateException("model " + card.id() + " is closed");
            }
            leases++;
        }
        return new Lease();
    }

    /** One user of the model; closing it twice counts once. */
    final class Lease implements AutoCloseable {
        private boolean held = true;

        private Lease() {
        }

        @Override
        public void close() {
            if (!held) {
                return;
            }
            held = false;
            synchronized (users) {
                if (--leases > 0 || !closing) {
                    return;
                }
            }
            release();
        }
    }

    private Prediction prediction(float[] logits, double millis, double domainScore) {
        for (float l : logits) {
            if (!Float.isFinite(l)) {
                throw new IllegalStateException("model " + card.id() + " gave " + l + " instead of a score:"
                        + " its weights are broken (a diverged training?); no verdict");
            }
        }
        double[] p = Scores.softmax(logits, 1.0);
        double[] c = Scores.softmax(logits, card.calibrationTemperature());
        int best = Scores.argMax(c);
        return new Prediction(card.classes().get(best), best, card.classes(), logits, p, c, card.positiveIndex(),
                card.id(), millis, domainScore);
    }

    static void normalise(float[] a) {
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (float v : a) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        float range = hi - lo;
        for (int i = 0; i < a.length; i++) {
            a[i] = range > 1e-12f ? (a[i] - lo) / range : 0f;
        }
    }
}
