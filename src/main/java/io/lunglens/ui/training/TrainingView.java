package io.lunglens.ui.training;

import io.lunglens.model.ModelCard;
import io.lunglens.ui.Icons;
import java.io.File;
import javafx.beans.binding.Bindings;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.kordamp.ikonli.javafx.FontIcon;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.util.converter.DoubleStringConverter;
import javafx.scene.control.TextFormatter;

/**
 * The retrain wizard: 1. a folder with one subfolder per class, 2. settings, 3. training with training and
 * validation loss drawn live (so overfitting shows as the curves part), 4. the test-split metrics.
 */
public final class TrainingView {

    private final BorderPane root = new BorderPane();
    private final TrainingViewModel vm;

    public TrainingView(TrainingViewModel vm) {
        this.vm = vm;
        root.setId("trainingView");
        root.setPadding(new Insets(10));
        Label step1 = heading("1  Data: a folder with one subfolder per class (e.g. COVID/ and Normal/)");
        Label step2 = heading("2  Settings");
        Label fixed = new Label(vm.fixedSettings());
        fixed.setWrapText(true);
        Label step3 = heading("3  Train");
        LineChart<Number, Number> chart = lossChart();
        Label overfit = warning("overfitting", "#d9534f", vm.overfittingProperty());
        Label shortcut = warning("trainingShortcutWarning", "#f0ad4e", vm.shortcutWarningProperty());
        Label step4 = heading("4  Result on the test split");
        VBox content = new VBox(8, step1, folderRow(), dataSummary(), auditWarning(), leaveOutBox(), step2, settings(), fixed, step3,
                controls(), chart, overfit, step4, shortcut, resultArea());
        VBox.setVgrow(chart, Priority.ALWAYS);
        root.setCenter(content);
        Label notice = new Label(ModelCard.INTENDED_USE);
        notice.setId("trainingIntendedUse");
        notice.setPadding(new Insets(6, 0, 0, 0));
        root.setBottom(notice);
    }

    private HBox folderRow() {
        Button choose = new Button("Choose folder...", Icons.icon(Icons.CHOOSE_FOLDER));
        choose.setId("chooseTrainingFolder");
        choose.setOnAction(e -> {
            DirectoryChooser dc = new DirectoryChooser();
            dc.setTitle("Folder with one subfolder per class");
            File f = dc.showDialog(root.getScene() == null ? null : root.getScene().getWindow());
            if (f != null) {
                vm.chooseFolder(f.toPath());
            }
        });
        Label folder = new Label();
        folder.textProperty().bind(Bindings.createStringBinding(
                () -> vm.folderProperty().get() == null ? "(none)" : vm.folderProperty().get().toString(),
                vm.folderProperty()));
        return new HBox(8, choose, folder);
    }

    private Label dataSummary() {
        Label summary = new Label();
        summary.setId("dataSummary");
        summary.setWrapText(true);
        // A wrapping label in a VBox is squeezed to one line with "..." unless it may take its preferred height.
        summary.setMinHeight(Region.USE_PREF_SIZE);
        summary.textProperty().bind(vm.dataSummaryProperty());
        return summary;
    }

    /** The data audit's warning: file metadata alone predicts the class, a shortcut to see before training. */
    private Label auditWarning() {
        Label warning = new Label("", new FontIcon(Icons.STRONG_WARNING));
        warning.setId("auditWarning");
        warning.getStyleClass().add("warning");
        warning.setWrapText(true);
        warning.setMinHeight(Region.USE_PREF_SIZE);
        warning.textProperty().bind(vm.auditWarningProperty());
        warning.visibleProperty().bind(vm.auditWarningProperty().isNotEmpty());
        warning.managedProperty().bind(warning.visibleProperty());
        return warning;
    }

    private CheckBox leaveOutBox() {
        CheckBox leaveOut = new CheckBox();
        leaveOut.setId("excludeNotFrontal");
        leaveOut.textProperty().bind(Bindings.format("Leave out the %d image(s) that are not frontal chest X-rays",
                vm.notFrontalCountProperty()));
        leaveOut.selectedProperty().bindBidirectional(vm.excludeNotFrontalProperty());
        leaveOut.visibleProperty().bind(vm.notFrontalCountProperty().greaterThan(0));
        leaveOut.managedProperty().bind(leaveOut.visibleProperty());
        return leaveOut;
    }

    private GridPane settings() {
        ChoiceBox<String> arch = new ChoiceBox<>();
        arch.getItems().setAll(TrainingViewModel.ARCHITECTURES);
        arch.valueProperty().bindBidirectional(vm.architectureProperty());
        Spinner<Integer> size = spinner(null, 32, 512, 32, vm.inputSizeProperty());
        Spinner<Integer> epochs = spinner("epochs", 1, 500, 1, vm.epochsProperty());
        TextField name = new TextField();
        name.setId("modelName");
        name.textProperty().bindBidirectional(vm.modelNameProperty());
        ChoiceBox<TrainingViewModel.StartFrom> startFrom = new ChoiceBox<>(vm.getStartOptions());
        startFrom.setId("startFrom");
        startFrom.valueProperty().bindBidirectional(vm.startFromProperty());
        Spinner<Integer> freeze = spinner("freezeEpochs", 0, 50, 1, vm.freezeEpochsProperty());
        freeze.disableProperty().bind(vm.startFromProperty().isEqualTo(TrainingViewModel.StartFrom.RANDOM));
        GridPane settings = new GridPane();
        settings.setHgap(8);
        settings.setVgap(6);
        settings.addRow(0, new Label("Network"), arch, new Label("Input size"), size);
        settings.addRow(1, new Label("Epochs (at most)"), epochs, new Label("Adam learning rate"), learningRate());
        settings.addRow(2, new Label("Start from"), startFrom, new Label("Backbone frozen for (epochs)"), freeze);
        settings.addRow(3, new Label("Model name"), name);
        return settings;
    }

    /** An editable spinner that drives value. */
    private static Spinner<Integer> spinner(String id, int min, int max, int step, IntegerProperty value) {
        Spinner<Integer> s = new Spinner<>(min, max, value.get(), step);
        s.setId(id);
        s.setEditable(true);
        value.bind(s.valueProperty());
        return s;
    }

    /** Takes only positive numbers; anything else leaves the rate as it was. */
    private TextField learningRate() {
        TextField lr = new TextField();
        TextFormatter<Double> format = new TextFormatter<>(new DoubleStringConverter(), vm.learningRateProperty().get());
        lr.setTextFormatter(format);
        format.valueProperty().addListener((o, a, b) -> {
            if (b != null && b > 0) {
                vm.learningRateProperty().set(b);
            }
        });
        return lr;
    }

    private HBox controls() {
        Button start = new Button("Start training", Icons.icon(Icons.START));
        start.setId("startTraining");
        start.disableProperty().bind(vm.runningProperty().or(vm.dataReadyProperty().not()));
        start.setOnAction(e -> vm.start());
        Button cancel = new Button("Cancel", Icons.icon(Icons.STOP));
        cancel.setId("cancelTraining");
        cancel.disableProperty().bind(vm.runningProperty().not());
        cancel.setOnAction(e -> vm.cancel());
        ProgressBar bar = new ProgressBar();
        bar.progressProperty().bind(vm.progressProperty());
        bar.setPrefWidth(220);
        Label status = new Label();
        status.setId("trainingStatus");
        status.textProperty().bind(vm.statusProperty());
        return new HBox(8, start, cancel, bar, status);
    }

    private LineChart<Number, Number> lossChart() {
        NumberAxis x = new NumberAxis();
        x.setLabel("epoch");
        x.setMinorTickVisible(false);
        // The axis spans the planned epochs from the start, so the curves grow into it.
        x.setAutoRanging(false);
        x.setLowerBound(1);
        x.upperBoundProperty().bind(vm.epochsProperty());
        x.tickUnitProperty().bind(Bindings.createDoubleBinding(
                () -> Math.max(1.0, Math.ceil(vm.epochsProperty().get() / 10.0)), vm.epochsProperty()));
        NumberAxis y = new NumberAxis();
        y.setLabel("loss");
        y.setForceZeroInRange(true);
        LineChart<Number, Number> chart = new LineChart<>(x, y);
        chart.setId("lossChart");
        chart.setTitle("Training loss against validation loss");
        chart.setAnimated(false);
        chart.getData().add(vm.trainLoss());
        chart.getData().add(vm.validationLoss());
        chart.setPrefHeight(300);
        return chart;
    }

    private TextArea resultArea() {
        TextArea result = new TextArea();
        result.setId("trainingResult");
        result.setEditable(false);
        result.setPrefRowCount(12);
        result.setStyle("-fx-font-family: monospace;");
        result.textProperty().bind(vm.resultProperty());
        return result;
    }

    private static Label heading(String text) {
        Label l = new Label(text);
        l.setStyle("-fx-font-weight: bold; -fx-font-size: 13px;");
        return l;
    }

    public BorderPane getRoot() {
        return root;
    }

    /** A bold coloured line that wraps and takes no room while its text is empty. */
    private static Label warning(String id, String colour, ReadOnlyStringProperty text) {
        Label l = new Label();
        l.setId(id);
        l.setWrapText(true);
        // A wrapping label in a VBox is squeezed to one line with "..." unless it may take its preferred height.
        l.setMinHeight(Region.USE_PREF_SIZE);
        l.setStyle("-fx-text-fill: " + colour + "; -fx-font-weight: bold;");
        l.textProperty().bind(text);
        l.visibleProperty().bind(text.isNotEmpty());
        l.managedProperty().bind(l.visibleProperty());
        return l;
    }
}
