package io.lunglens.ui.verdict;

import io.lunglens.ui.Icons;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableBooleanValue;
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

        Label status = new Label();
        status.setId("verdictStatus");
        status.getStyleClass().add("verdict-status");
        status.textProperty().bind(vm.statusProperty());
        status.setWrapText(true);
        showWhen(status, vm.statusProperty().isNotEmpty());

        Label label = new Label();
        label.setId("verdictLabel");
        label.getStyleClass().add("verdict-label");
        label.textProperty().bind(vm.labelProperty());
        showWhen(label, vm.labelProperty().isNotEmpty());

        ProgressBar bar = new ProgressBar();
        bar.setId("verdictBar");
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty().bind(Bindings.max(0, vm.positiveProperty()));
        showWhen(bar, vm.positiveProperty().greaterThanOrEqualTo(0));

        Label probability = new Label();
        probability.setId("verdictProbability");
        probability.getStyleClass().add("verdict-probability");
        probability.textProperty().bind(vm.positiveTextProperty());
        showWhen(probability, vm.positiveTextProperty().isNotEmpty());

        Label gate = warning("", Icons.SAFETY);
        gate.setId("gateReason");
        gate.textProperty().bind(vm.gateReasonProperty());
        showWhen(gate, vm.gatedProperty());

        CheckBox anyway = new CheckBox("Show the verdict anyway");
        anyway.setId("showVerdictAnyway");
        anyway.setTooltip(new Tooltip("The input gate refused this image; its verdict would be unreliable."));
        anyway.selectedProperty().addListener((o, was, on) -> vm.setShowAnyway(on));
        vm.showAnywayProperty().addListener((o, was, on) -> anyway.setSelected(on));
        showWhen(anyway, vm.gatedProperty());

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

        Label synthetic = new Label("Trained on synthetic phantoms", Icons.icon(Icons.SYNTHETIC));
        synthetic.setId("syntheticBadge");
        synthetic.getStyleClass().add("badge");
        showWhen(synthetic, vm.syntheticProperty());

        Label model = new Label();
        model.setId("verdictModel");
        model.getStyleClass().add("verdict-meta");
        model.textProperty().bind(Bindings.concat("Model: ", vm.modelNameProperty()));
        model.setWrapText(true);
        showWhen(model, vm.modelNameProperty().isNotEmpty());

        Label timing = new Label();
        timing.setId("verdictTiming");
        timing.getStyleClass().add("verdict-meta");
        timing.textProperty().bind(Bindings.concat("Inference + Grad-CAM: ", vm.timingProperty()));
        showWhen(timing, vm.timingProperty().isNotEmpty());

        getChildren().addAll(title, status, gate, anyway, label, unreliable, bar, probability, low, shortcut, synthetic,
                model, timing);
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
