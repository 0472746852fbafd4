package io.lunglens.ui;

import io.lunglens.imaging.XrayImage;
import io.lunglens.task.Progress;
import java.util.List;

/** What the viewer needs from a loaded model: a verdict and its evidence maps (Grad-CAM, occlusion) for one image. */
public interface Explainer extends AutoCloseable {

    /** Display name of the model, e.g. "demo-resnet50-lstm v1". */
    String name();

    /** Class names in output order. */
    List<String> classNames();

    /** Index of the class whose probability the verdict bar shows. */
    int positiveClass();

    /** True when the model card says the model was trained on synthetic phantoms only. */
    boolean syntheticTraining();

    /** The model card as readable text. */
    String modelCard();

    /** Predicts and explains one image; the map explains {@code camClass}. Slow: call off the FX thread. */
    Explained explain(XrayImage image, int camClass) throws Exception;

    /**
     * The occlusion map for the same image and class: what weakens the verdict when hidden. Slower than
     * {@link #explain} (one forward pass per grid cell); call off the FX thread. Stops early once progress is
     * cancelled.
     */
    Explained occlusion(XrayImage image, int camClass, Progress progress) throws Exception;

    /** Frees the model; called once nothing uses it any more. */
    @Override
    default void close() {
    }
}
