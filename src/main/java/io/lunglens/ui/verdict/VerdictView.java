package io.lunglens.ui.verdict;

import io.lunglens.ui.Icons;
import javafx.beans.binding.Bindings;
import java.util.List;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableStringValue;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.VBox;

/** The verdict: label, probability bar, model and timing, and the warnings that qualify it. */
public final class VerdictView extends VBox {

    public VerdictView(VerdictViewModel vm) {
        getStyleClass().add("verdict");
        setSpacing(6);
        Label title = new Label("VERDICT");
        title.getStyleClass().add("section-title");
        Label status = shown("verdictStatus", "verdict-status", vm.statusProperty(), vm.statusProperty().isNotEmpty());
        status.setWrapText(true);
        Label label = shown("verdictLabel", "verdict-label", vm.labelProperty(), vm.labelProperty().isNotEmpty());
        Label probability = shown("verdictProbability", "verdict-probability", vm.positiveTextProperty(),
                vm.positiveTextProperty().isNotEmpty());
        Label model = shown("verdictModel", "verdict-meta", Bindings.concat("Model: ", vm.modelNameProperty()),
                vm.modelNameProperty().isNotEmpty());
        model.setWrapText(true);
        Label timing = shown("verdictTiming", "verdict-meta",
                Bindings.concat("Inference + Grad-CAM: ", vm.timingProperty()), vm.timingProperty().isNotEmpty());
        List<Label> warnings = warnings(vm);
        getChildren().addAll(title, status, gateReason(vm), showAnyway(vm), label, warnings.get(0), bar(vm),
                probability, warnings.get(1), warnings.get(2), syntheticBadge(vm), model, timing);
    }

    /** A label with this text, shown only when. */
    private static Label shown(String id, String style, ObservableStringValue text, ObservableBooleanValue when) {
        Label l = new Label();
        l.setId(id);
        l.getStyleClass().add(style);
        l.textProperty().bind(text);
        showWhen(l, when);
        return l;
    }

    private static ProgressBar bar(VerdictViewModel vm) {
        ProgressBar bar = new ProgressBar();
        bar.setId("verdictBar");
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty().bind(Bindings.max(0, vm.positiveProperty()));
        showWhen(bar, vm.positiveProperty().greaterThanOrEqualTo(0));
        return bar;
    }

    private static Label gateReason(VerdictViewModel vm) {
        Label gate = warning("", Icons.SAFETY);
        gate.setId("gateReason");
        gate.textProperty().bind(vm.gateReasonProperty());
        showWhen(gate, vm.gatedProperty());
        return gate;
    }

    private static CheckBox showAnyway(VerdictViewModel vm) {
        CheckBox anyway = new CheckBox("Show the verdict anyway");
        anyway.setId("showVerdictAnyway");
        anyway.setTooltip(new Tooltip("The input gate refused this image; its verdict would be unreliable."));
        anyway.selectedProperty().addListener((o, was, on) -> vm.setShowAnyway(on));
        vm.showAnywayProperty().addListener((o, was, on) -> anyway.setSelected(on));
        showWhen(anyway, vm.gatedProperty());
        return anyway;
    }

    /** Unreliable (shown against the gate), low confidence, and suspected shortcut. */
    private static List<Label> warnings(VerdictViewModel vm) {
        Label unreliable = warning("Unreliable: the input gate refused this image; this verdict is shown only"
                + " because you asked for it.", Icons.STRONG_WARNING);
        unreliable.setId("unreliableVerdict");
        showWhen(unreliable, vm.unreliableProperty());
        Label low = warning("Low confidence: the probability is close to 0.5; treat this verdict as undecided.",
                Icons.WARNING);
        low.setId("lowConfidence");
        showWhen(low, vm.lowConfidenceProperty());
        Label shortcut = warning("", Icons.STRONG_WARNING);
        shortcut.setId("shortcutWarning");
        shortcut.textProperty().bind(vm.shortcutWarningProperty());
        showWhen(shortcut, vm.shortcutWarningProperty().isNotEmpty());
        return List.of(unreliable, low, shortcut);
    }

    private static Label syntheticBadge(VerdictViewModel vm) {
        Label synthetic = new Label("Trained on synthetic phantoms", Icons.icon(Icons.SYNTHETIC));
        synthetic.setId("syntheticBadge");
        synthetic.getStyleClass().add("badge");
        showWhen(synthetic, vm.syntheticProperty());
        return synthetic;
    }

    private static Label warning(String text, String icon) {
        Label l = new Label(text, Icons.icon(icon));
        l.getStyleClass().add("warning");
        l.setWrapText(true);
        return l;
    }

    private static void showWhen(Node n, ObservableBooleanValue cond) {
        n.visibleProperty().bind(cond);
        n.managedProperty().bind(cond);
    }
}
