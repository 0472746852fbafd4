package io.lunglens.ui.training;

import io.lunglens.model.ModelCard;
import io.lunglens.training.RunFolder;
import io.lunglens.ui.Icons;
import java.io.File;
import javafx.beans.binding.Bindings;
import javafx.beans.property.Property;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.util.StringConverter;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The retrain wizard: 1. a folder with one subfolder per class, 2. settings (every option of {@code lunglens train};
 * the rarely changed ones under "Advanced"), 3. training with loss and accuracy drawn live, the overfitting flag
 * marked on both, 4. the result, in a slot another view can take over.
 */
public final class TrainingView {

    /** Label and control pairs per row of a settings grid. */
    private static final int PAIRS_PER_ROW = 2;

    private final BorderPane root = new BorderPane();
    private final StackPane resultSlot = new StackPane();
    private final TrainingViewModel vm;
    private final TrainingSettings settings;

    public TrainingView(TrainingViewModel vm) {
        this.vm = vm;
        this.settings = vm.settings();
        root.setId("trainingView");
        root.setPadding(new Insets(10));
        resultSlot.setId("trainingResultSlot");
        resultSlot.getChildren().setAll(resultArea());
        VBox content = new VBox(8, heading("1  Data: a folder with one subfolder per class (e.g. COVID/ and Normal/)"),
                folderRow(), dataSummary(), auditWarning(), leaveOutBox(),
                heading("2  Settings"), grid(false), advanced(), problem(), estimate(),
                heading("3  Train"), controls(), resume(), charts(),
                warning("overfitting", "#d9534f", vm.overfittingProperty()),
                heading("4  Result on the test split"),
                warning("trainingShortcutWarning", "#f0ad4e", vm.shortcutWarningProperty()), resultSlot);
        content.setPadding(new Insets(0, 6, 0, 0));
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        scroll.setId("trainingScroll");
        root.setCenter(scroll);
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
        HBox row = new HBox(8, choose, folder);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
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

    /** The basic or the advanced settings, label and control pairs in rows, each with its tooltip. */
    private GridPane grid(boolean advanced) {
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(6);
        int i = 0;
        for (TrainingSetting s : TrainingSetting.values()) {
            if (s.advanced() != advanced) {
                continue;
            }
            Label label = new Label(s.label());
            Node control = control(s);
            Tooltip tip = new Tooltip(s.tooltip());
            tip.setWrapText(true);
            tip.setMaxWidth(420);
            label.setTooltip(tip);
            Tooltip.install(control, tip);
            label.disableProperty().bind(control.disableProperty());
            int col = (i % PAIRS_PER_ROW) * 3;
            grid.add(label, col, i / PAIRS_PER_ROW);
            grid.add(control, col + 1, i / PAIRS_PER_ROW);
            i++;
        }
        // A gap column between the pairs.
        for (int c = 2; c < PAIRS_PER_ROW * 3; c += 3) {
            grid.add(spacer(), c, 0);
        }
        return grid;
    }

    private static Region spacer() {
        Region r = new Region();
        r.setMinWidth(24);
        return r;
    }

    private Node control(TrainingSetting s) {
        return switch (s) {
            case CLASSES -> classes();
            case POSITIVE -> choice(s, settings.getPositiveOptions(), settings.positiveProperty());
            case ARCHITECTURE -> choice(s, FXCollections.observableList(TrainingSettings.ARCHITECTURES), settings.architectureProperty());
            case START_FROM -> choice(s, settings.getStartOptions(), settings.startFromProperty());
            case AUGMENTATION -> {
                CheckBox box = new CheckBox("on");
                box.setId(s.id());
                box.selectedProperty().bindBidirectional(settings.augmentationProperty());
                yield box;
            }
            case FREEZE_EPOCHS, BACKBONE_LR_FACTOR -> {
                TextField f = field(s);
                // Nothing to freeze or slow down in random weights.
                f.disableProperty().bind(Bindings.createBooleanBinding(
                        () -> settings.startFromProperty().get() == null || settings.startFromProperty().get().random(),
                        settings.startFromProperty()));
                yield f;
            }
            default -> field(s);
        };
    }

    private HBox classes() {
        ChoiceBox<String> first = choice(null, settings.getClassOptions(), settings.firstClassProperty());
        first.setId("firstClass");
        ChoiceBox<String> second = choice(null, settings.getClassOptions(), settings.secondClassProperty());
        second.setId("secondClass");
        HBox box = new HBox(6, first, new Label("vs"), second);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    private static <T> ChoiceBox<T> choice(TrainingSetting s, ObservableList<T> items,
                                           Property<T> value) {
        ChoiceBox<T> box = new ChoiceBox<>(items);
        if (s != null) {
            box.setId(s.id());
        }
        box.valueProperty().bindBidirectional(value);
        box.setMaxWidth(340);
        return box;
    }

    private TextField field(TrainingSetting s) {
        TextField f = new TextField();
        f.setId(s.id());
        f.setPrefColumnCount(s == TrainingSetting.MODEL_NAME ? 14 : 7);
        f.textProperty().bindBidirectional(settings.text(s));
        return f;
    }

    /** The rarely changed settings, folded away until asked for. */
    private TitledPane advanced() {
        TitledPane pane = new TitledPane("Advanced: sampling, split, seed, optimiser, early stopping, augmentation",
                grid(true));
        pane.setId("advancedSettings");
        pane.setExpanded(false);
        pane.setAnimated(false);
        return pane;
    }

    /** Why the settings make no run, one line, in place of the Start button's silence. */
    private Label problem() {
        Label l = new Label("", new FontIcon(Icons.STRONG_WARNING));
        l.setId("settingsProblem");
        l.getStyleClass().add("warning");
        l.textProperty().bind(settings.problemProperty());
        l.visibleProperty().bind(settings.problemProperty().isNotEmpty());
        l.managedProperty().bind(l.visibleProperty());
        return l;
    }

    /** The measured estimate of the run's duration, with what it is made of in the tooltip. */
    private Label estimate() {
        Label l = new Label("", Icons.icon(Icons.DURATION));
        l.setId("estimate");
        l.textProperty().bind(vm.estimateProperty());
        Tooltip tip = new Tooltip();
        tip.setWrapText(true);
        tip.setMaxWidth(420);
        tip.textProperty().bind(vm.estimateDetailProperty());
        l.setTooltip(tip);
        l.visibleProperty().bind(vm.estimateProperty().isNotEmpty());
        l.managedProperty().bind(l.visibleProperty());
        return l;
    }

    private HBox controls() {
        Button start = new Button("Start training", Icons.icon(Icons.START));
        start.setId("startTraining");
        start.disableProperty().bind(vm.runningProperty().or(vm.dataReadyProperty().not())
                .or(settings.problemProperty().isNotEmpty()));
        start.setOnAction(e -> vm.start());
        Button cancel = new Button("Cancel", Icons.icon(Icons.STOP));
        cancel.setId("cancelTraining");
        cancel.disableProperty().bind(vm.runningProperty().not());
        cancel.setOnAction(e -> vm.cancel());
        ProgressBar bar = new ProgressBar();
        bar.setId("trainingProgress");
        bar.progressProperty().bind(vm.progressProperty());
        bar.setPrefWidth(220);
        Label eta = new Label();
        eta.setId("trainingEta");
        eta.textProperty().bind(vm.etaProperty());
        Label status = new Label();
        status.setId("trainingStatus");
        status.getStyleClass().add("training-status");
        status.textProperty().bind(vm.statusProperty());
        // Time left beside the bar; what the run is doing after it, taking what width is left.
        HBox row = new HBox(12, start, cancel, bar, eta, status);
        start.setMinWidth(Region.USE_PREF_SIZE);
        cancel.setMinWidth(Region.USE_PREF_SIZE);
        HBox.setHgrow(status, Priority.ALWAYS);
        status.setMinWidth(0);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    /** The interrupted runs and a button to continue one; shown only when there is one. */
    private HBox resume() {
        ChoiceBox<RunFolder.Resumable> runs = new ChoiceBox<>(vm.getResumableRuns());
        runs.setId("resumableRuns");
        runs.setConverter(new StringConverter<>() {
            @Override
            public String toString(RunFolder.Resumable r) {
                return r == null ? "" : r.name() + " (" + r.epochsDone() + " of " + r.maxEpochs() + " epochs)";
            }

            @Override
            public RunFolder.Resumable fromString(String s) {
                return null;
            }
        });
        vm.getResumableRuns().addListener((ListChangeListener<RunFolder.Resumable>) c -> {
            if (!runs.getItems().contains(runs.getValue())) {
                runs.setValue(runs.getItems().isEmpty() ? null : runs.getItems().get(0));
            }
        });
        runs.setValue(runs.getItems().isEmpty() ? null : runs.getItems().get(0));
        Button resume = new Button("Resume", Icons.icon(Icons.START));
        resume.setId("resumeTraining");
        resume.setTooltip(new Tooltip("Continue an interrupted run from its last finished epoch, with its own"
                + " settings and split"));
        resume.disableProperty().bind(vm.runningProperty().or(runs.valueProperty().isNull()));
        resume.setOnAction(e -> vm.resume(runs.getValue()));
        Label label = new Label("Interrupted runs:");
        HBox box = new HBox(6, label, runs, resume);
        box.setAlignment(Pos.CENTER_LEFT);
        box.visibleProperty().bind(Bindings.isNotEmpty(vm.getResumableRuns()));
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    private HBox charts() {
        TrainingCharts c = vm.charts();
        NumberAxis lossAxis = new NumberAxis();
        lossAxis.setLabel("loss");
        lossAxis.setForceZeroInRange(true);
        // Until the first epoch: a plain 0..1, not whatever range an empty chart would pick.
        lossAxis.setLowerBound(0);
        lossAxis.setUpperBound(1);
        lossAxis.setTickUnit(0.25);
        lossAxis.autoRangingProperty().bind(Bindings.isNotEmpty(c.loss().get(0).getData()));
        LineChart<Number, Number> loss = chart("lossChart", "Loss", lossAxis, c.loss());
        // Accuracy is a fraction: a fixed axis keeps small changes from looking large.
        NumberAxis accuracyAxis = new NumberAxis("accuracy", 0, 1, 0.25);
        LineChart<Number, Number> accuracy = chart("accuracyChart", "Accuracy", accuracyAxis, c.accuracy());
        HBox row = new HBox(8, loss, accuracy);
        HBox.setHgrow(loss, Priority.ALWAYS);
        HBox.setHgrow(accuracy, Priority.ALWAYS);
        return row;
    }

    private LineChart<Number, Number> chart(String id, String title, NumberAxis y,
                                            ObservableList<XYChart.Series<Number, Number>> data) {
        NumberAxis x = new NumberAxis();
        x.setLabel("epoch");
        x.setMinorTickVisible(false);
        // The axis spans the planned epochs from the start, so the curves grow into it.
        x.setAutoRanging(false);
        x.setLowerBound(1);
        x.upperBoundProperty().bind(vm.charts().epochsProperty());
        x.tickUnitProperty().bind(Bindings.createDoubleBinding(
                () -> Math.max(1.0, Math.ceil(vm.charts().epochsProperty().get() / 10.0)),
                vm.charts().epochsProperty()));
        LineChart<Number, Number> chart = new LineChart<>(x, y, data);
        chart.setId(id);
        chart.getStyleClass().add("training-chart");
        chart.setTitle(title);
        chart.setAnimated(false);
        chart.setPrefHeight(260);
        chart.setMinWidth(200);
        return chart;
    }

    /** The run's result in a sentence, and the way to its full test results in the Evaluate view. */
    private VBox resultArea() {
        Label result = new Label();
        result.setId("trainingResult");
        result.setWrapText(true);
        result.textProperty().bind(vm.resultProperty());
        Button open = new Button("Open the test results", Icons.icon(Icons.EVALUATE_TAB));
        open.setId("openTrainingResult");
        open.setTooltip(new Tooltip("The Evaluate view for this run's test split: metrics with intervals, confusion"
                + " matrix, ROC, reliability and every image"));
        open.visibleProperty().bind(vm.outcomeProperty().isNotNull());
        open.managedProperty().bind(open.visibleProperty());
        open.setOnAction(e -> vm.openResult());
        return new VBox(8, result, open);
    }

    private static Label heading(String text) {
        Label l = new Label(text);
        l.setStyle("-fx-font-weight: bold; -fx-font-size: 13px;");
        return l;
    }

    public BorderPane getRoot() {
        return root;
    }

    /**
     * Where the result of a run is shown (today the test split's metrics as text): another view, such as an
     * evaluation of the saved model, takes its place with {@code resultSlot().getChildren().setAll(node)}.
     */
    public StackPane resultSlot() {
        return resultSlot;
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
