package io.lunglens.ui;

import io.lunglens.imaging.XrayImage;
import io.lunglens.model.EvidenceMethod;
import io.lunglens.model.ModelCard;
import io.lunglens.task.Progress;
import java.util.List;

/** What the viewer needs from a loaded model: a verdict and its evidence maps (Grad-CAM, and the shortcut check's occlusion map) for one image. */
public interface Explainer extends AutoCloseable {

    /** The loaded model's card: its name, classes, training data and test metrics. */
    ModelCard card();

    /** Display name of the model, e.g. "demo v1 (resnet50-lstm)". */
    default String name() {
        ModelCard c = card();
        return c.name() + " v" + c.version() + " (" + c.architecture() + ")";
    }

    /** Class names in output order. */
    default List<String> classNames() {
        return card().classes();
    }

    /** Index of the class whose probability the verdict bar shows. */
    default int positiveClass() {
        return card().positiveIndex();
    }

    /** True when the model card says the model was trained on synthetic phantoms only. */
    default boolean syntheticTraining() {
        return card().synthetic();
    }

    /** The model card as readable text. */
    default String modelCard() {
        ModelCard c = card();
        return "Name: " + c.id() + "\nCreated: " + c.createdAt() + "\nArchitecture: " + c.architecture()
                + ", input " + c.inputSize() + "\u00D7" + c.inputSize() + "\nClasses: " + c.classes()
                + " (positive: " + c.positiveClass() + ")\nCalibration temperature: " + c.calibrationTemperature()
                + "\nTrained on synthetic phantoms: " + (c.synthetic() ? "yes" : "no")
                + "\nTraining: " + c.training() + "\nTest metrics: " + c.testMetrics()
                + "\nIntended use: " + c.intendedUse();
    }

    /** Predicts and explains one image; the map explains {@code camClass}. Slow: call off the FX thread. */
    Explained explain(XrayImage image, int camClass) throws Exception;

    /**
     * The shortcut check for the same image and class: the map of what weakens the verdict when hidden, made by the
     * given method, and where it lies against the lung fields. Slower than {@link #explain} (a few forward passes,
     * or one per grid cell); call off the FX thread. Stops early once progress is cancelled.
     */
    EvidenceCheck shortcutCheck(XrayImage image, int camClass, EvidenceMethod method, Progress progress)
            throws Exception;

    /** Frees the model; called once nothing uses it any more. */
    @Override
    default void close() {
    }
}
