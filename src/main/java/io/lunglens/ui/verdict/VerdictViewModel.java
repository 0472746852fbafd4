package io.lunglens.ui.verdict;

import io.lunglens.model.Prediction;
import io.lunglens.ui.Explained;
import java.nio.file.Path;
import java.util.Locale;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/** What the verdict panel shows for the current image. */
public final class VerdictViewModel {

    private final ReadOnlyStringWrapper label = new ReadOnlyStringWrapper(this, "label", "");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "No image open");
    private final ReadOnlyDoubleWrapper positive = new ReadOnlyDoubleWrapper(this, "positive", -1);
    private final ReadOnlyStringWrapper positiveText = new ReadOnlyStringWrapper(this, "positiveText", "");
    private final ReadOnlyStringWrapper modelName = new ReadOnlyStringWrapper(this, "modelName", "");
    private final ReadOnlyStringWrapper timing = new ReadOnlyStringWrapper(this, "timing", "");
    private final ReadOnlyBooleanWrapper synthetic = new ReadOnlyBooleanWrapper(this, "synthetic");
    private final ReadOnlyBooleanWrapper lowConfidence = new ReadOnlyBooleanWrapper(this, "lowConfidence");
    private final ReadOnlyStringWrapper shortcutWarning = new ReadOnlyStringWrapper(this, "shortcutWarning", "");
    private final ReadOnlyObjectWrapper<Path> source = new ReadOnlyObjectWrapper<>(this, "source");
    private final ReadOnlyBooleanWrapper gated = new ReadOnlyBooleanWrapper(this, "gated");
    private final ReadOnlyStringWrapper gateReason = new ReadOnlyStringWrapper(this, "gateReason", "");
    private final ReadOnlyBooleanWrapper showAnyway = new ReadOnlyBooleanWrapper(this, "showAnyway");
    private final ReadOnlyBooleanWrapper unreliable = new ReadOnlyBooleanWrapper(this, "unreliable");
    private Explained shown;
    private String shortcut = "";
    private String positiveName = "";

    /** The model whose verdicts follow; shown even before the first verdict. */
    public void setModel(String name, boolean syntheticTraining) {
        modelName.set(name);
        synthetic.set(syntheticTraining);
    }

    /** A new image is being analysed: the old verdict must not stay on screen next to it. */
    public void analysing(Path file) {
        clearVerdict();
        source.set(file);
        status.set("Analysing\u2026");
    }

    /** No verdict can be given, for the reason shown. */
    public void unavailable(Path file, String reason) {
        clearVerdict();
        source.set(file);
        status.set(reason);
    }

    /**
     * A verdict arrived. When the input gate refused the image, the panel says why instead, until the user asks
     * to see the verdict anyway ({@link #setShowAnyway}), which is off again for every new image.
     */
    public void show(Path file, Explained e, String positiveClassName) {
        source.set(file);
        shown = e;
        positiveName = positiveClassName;
        gated.set(!e.gate().passed());
        gateReason.set(e.gate().passed() ? "" : e.gate().reason());
        refresh();
    }

    /** The "Show the verdict anyway" toggle: a refused image's verdict, marked unreliable. */
    public void setShowAnyway(boolean on) {
        showAnyway.set(on);
        if (shown != null) {
            refresh();
        }
    }

    private void refresh() {
        Explained e = shown;
        timing.set(e.millis() + " ms");
        boolean visible = verdictVisible();
        unreliable.set(gated.get() && showAnyway.get());
        // The shortcut check qualifies a verdict; with none shown it has nothing to qualify.
        shortcutWarning.set(visible ? shortcut : "");
        if (!visible) {
            label.set("");
            positive.set(-1);
            positiveText.set("");
            lowConfidence.set(false);
            status.set("No verdict: " + e.gate().shortReason() + ".");
            return;
        }
        status.set("");
        label.set(e.label());
        positive.set(e.positive());
        positiveText.set(String.format(Locale.ROOT, "P(%s) = %.2f", positiveName, e.positive()));
        lowConfidence.set(Prediction.lowConfidence(e.positive()));
    }

    /** The shortcut check's result for the shown verdict; it arrives a little after it. */
    public void setShortcutWarning(String warning) {
        shortcut = warning;
        shortcutWarning.set(verdictVisible() ? warning : "");
    }

    /** A verdict is on screen: the gate passed it, or the user asked to see it anyway. */
    private boolean verdictVisible() {
        return shown != null && (!gated.get() || showAnyway.get());
    }

    private void clearVerdict() {
        shown = null;
        shortcut = "";
        gated.set(false);
        gateReason.set("");
        showAnyway.set(false);
        unreliable.set(false);
        label.set("");
        positive.set(-1);
        positiveText.set("");
        timing.set("");
        lowConfidence.set(false);
        shortcutWarning.set("");
    }

    public ReadOnlyStringProperty labelProperty() { return label.getReadOnlyProperty(); }

    /** "Analysing…", "No model loaded" and the like; empty when a verdict is shown. */
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }

    /** Probability of the positive class, or -1 when there is no verdict. */
    public ReadOnlyDoubleProperty positiveProperty() { return positive.getReadOnlyProperty(); }

    public ReadOnlyStringProperty positiveTextProperty() { return positiveText.getReadOnlyProperty(); }

    public ReadOnlyStringProperty modelNameProperty() { return modelName.getReadOnlyProperty(); }

    public ReadOnlyStringProperty timingProperty() { return timing.getReadOnlyProperty(); }

    public ReadOnlyBooleanProperty syntheticProperty() { return synthetic.getReadOnlyProperty(); }

    public ReadOnlyBooleanProperty lowConfidenceProperty() { return lowConfidence.getReadOnlyProperty(); }

    public ReadOnlyStringProperty shortcutWarningProperty() { return shortcutWarning.getReadOnlyProperty(); }

    /** The input gate refused the current image: no verdict is shown unless asked for. */
    public ReadOnlyBooleanProperty gatedProperty() { return gated.getReadOnlyProperty(); }

    /** Why the gate refused it, in plain words with the scores; empty when it passed. */
    public ReadOnlyStringProperty gateReasonProperty() { return gateReason.getReadOnlyProperty(); }

    public ReadOnlyBooleanProperty showAnywayProperty() { return showAnyway.getReadOnlyProperty(); }

    /** A refused image's verdict is on screen because the user asked for it. */
    public ReadOnlyBooleanProperty unreliableProperty() { return unreliable.getReadOnlyProperty(); }

    /** The file the verdict (or status) belongs to. */
    public ReadOnlyObjectProperty<Path> sourceProperty() { return source.getReadOnlyProperty(); }
}
