package io.lunglens.ui.evaluate;

import java.nio.file.InvalidPathException;
import io.lunglens.model.EvidenceMethod;
import io.lunglens.model.ModelCard;
import io.lunglens.ui.Icons;
import io.lunglens.ui.evaluate.EvaluateViewModel.Confusion;
import io.lunglens.ui.evaluate.EvaluateViewModel.ImageRow;
import io.lunglens.ui.evaluate.EvaluateViewModel.MetricRow;
import io.lunglens.ui.evaluate.EvaluateViewModel.ModelChoice;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableValue;
import javafx.collections.ObservableList;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.util.StringConverter;

/**
 * The Evaluate view: a model and a labelled folder (or its own test split), Run and Cancel with progress, then the
 * metrics with 95% intervals, the confusion matrix, the ROC curve, a reliability diagram before and after
 * calibration, the shortcut check, the data audit's warning and one sortable row per image. Double-clicking a row
 * hands its file to {@link #setOnOpenImage}. A tab of its own, and the Retrain tab's last step.
 */
public final class EvaluateView extends BorderPane {

    private static final double CHART_SIDE = 440;
    private static final double ROW = 24;

    private final EvaluateViewModel vm;
    private final TableView<ImageRow> images = new TableView<>();
    private final SortedList<ImageRow> sorted;
    private Consumer<Path> onOpenImage = p -> { };

    public EvaluateView(EvaluateViewModel vm) {
        this.vm = vm;
        setId("evaluateView");
        setPadding(new Insets(8));
        sorted = new SortedList<>(vm.images());
        setTop(settings());
        ScrollPane scroll = new ScrollPane(results());
        scroll.setId("evaluateResults");
        scroll.setFitToWidth(true);
        setCenter(scroll);
        Label notice = new Label(ModelCard.INTENDED_USE, Icons.icon(Icons.SAFETY));
        notice.setId("evaluateIntendedUse");
        notice.getStyleClass().add("intended-use");
        notice.setMaxWidth(Double.MAX_VALUE);
        setBottom(notice);
    }

    /** Called with the file of a double-clicked image row; the main window opens it in the viewer. */
    public void setOnOpenImage(Consumer<Path> action) {
        this.onOpenImage = action == null ? p -> { } : action;
    }

    /** The per-image rows as shown: sorted by the table's columns. */
    public SortedList<ImageRow> shownImages() {
        return sorted;
    }

    // ---- settings

    private VBox settings() {
        ComboBox<ModelChoice> model = new ComboBox<>(vm.getModels());
        model.setId("evaluateModel");
        model.valueProperty().bindBidirectional(vm.modelProperty());
        model.setOnShowing(e -> vm.refreshModels());
        model.disableProperty().bind(vm.runningProperty());
        CheckBox ungated = new CheckBox("Score refused images too");
        ungated.setId("evaluateUngated");
        ungated.setTooltip(new Tooltip("Also score images the input gate refuses (not a frontal chest X-ray, or outside"
                + " the model's training data); their verdicts are unreliable"));
        ungated.selectedProperty().bindBidirectional(vm.ungatedProperty());
        ungated.disableProperty().bind(vm.runningProperty());
        HBox[] source = sourceRows();
        VBox top = new VBox(6, row(new Label("Model"), model, ungated, new Label("Shortcut check"), checkChoice()),
                source[0], source[1], progressRow());
        top.setPadding(new Insets(0, 0, 8, 0));
        return top;
    }

    /** Fast (lung fields against the rest) or thorough (8×8 occlusion), each described in its tooltip. */
    private ChoiceBox<EvidenceMethod> checkChoice() {
        ChoiceBox<EvidenceMethod> check = new ChoiceBox<>();
        check.setId("evaluateCheck");
        check.getItems().setAll(EvidenceMethod.values());
        check.valueProperty().bindBidirectional(vm.checkProperty());
        check.disableProperty().bind(vm.runningProperty());
        Tooltip help = new Tooltip();
        help.textProperty().bind(Bindings.createStringBinding(() -> "Where the evidence for each verdict lies: "
                + vm.checkProperty().get().description(), vm.checkProperty()));
        check.setTooltip(help);
        return check;
    }

    /** A labelled folder, or the model's own test split (named by the folder it comes from). */
    private HBox[] sourceRows() {
        ToggleGroup source = new ToggleGroup();
        RadioButton folderChoice = new RadioButton("Labelled folder");
        folderChoice.setId("evaluateFolderChoice");
        folderChoice.setToggleGroup(source);
        folderChoice.disableProperty().bind(vm.runningProperty());
        RadioButton split = new RadioButton("The model's own test split");
        split.setId("evaluateTestSplit");
        split.setToggleGroup(source);
        split.setTooltip(new Tooltip("The files its split manifest (split.json) kept out of training, scored as"
                + " training scored them"));
        split.selectedProperty().bindBidirectional(vm.testSplitProperty());
        split.disableProperty().bind(vm.runningProperty().or(vm.testSplitAvailableProperty().not()));
        folderChoice.setSelected(!vm.testSplitProperty().get());
        vm.testSplitProperty().addListener((o, was, now) -> folderChoice.setSelected(!now));
        TextField folder = pathField();
        folder.disableProperty().bind(vm.runningProperty().or(vm.testSplitProperty()));
        Button choose = new Button("Choose\u2026", Icons.icon(Icons.CHOOSE_FOLDER));
        choose.setId("evaluateChoose");
        choose.setOnAction(e -> chooseFolder());
        choose.disableProperty().bind(folder.disableProperty());
        Label splitFolder = new Label();
        splitFolder.setId("evaluateTestSplitFolder");
        splitFolder.setStyle("-fx-text-fill: #9aa0a8;");
        splitFolder.textProperty().bind(vm.testSplitFolderProperty());
        return new HBox[] {row(folderChoice, folder, choose), row(split, splitFolder)};
    }

    private TextField pathField() {
        TextField f = new TextField();
        f.setId("evaluateFolder");
        f.setPromptText("Folder with one subfolder per class (e.g. COVID/ and Normal/)");
        HBox.setHgrow(f, Priority.ALWAYS);
        f.textProperty().bindBidirectional(vm.folderProperty(), new StringConverter<>() {
            @Override
            public String toString(Path p) {
                return p == null ? "" : p.toString();
            }

            @Override
            public Path fromString(String s) {
                try {
                    return s == null || s.isBlank() ? null : Path.of(s.strip());
                } catch (InvalidPathException e) {
                    return null;
                }
            }
        });
        return f;
    }

    private Node[] runButtons() {
        Button run = new Button("Evaluate", Icons.icon(Icons.START));
        run.setId("evaluateRun");
        run.setDefaultButton(true);
        run.setOnAction(e -> vm.start());
        run.disableProperty().bind(vm.runningProperty());
        Button cancel = new Button("Cancel", Icons.icon(Icons.STOP));
        cancel.setId("evaluateCancel");
        cancel.setOnAction(e -> vm.cancel());
        cancel.disableProperty().bind(vm.runningProperty().not());
        Button save = new Button("Save report\u2026", Icons.icon(Icons.REPORT));
        save.setId("evaluateSaveReport");
        save.setTooltip(new Tooltip("Write report.pdf, report.md, the charts and the per-image CSV to a folder"));
        save.disableProperty().bind(vm.runningProperty().or(vm.resultProperty().isNull()));
        save.setOnAction(e -> chooseReportFolder());
        return new Node[] {run, cancel, save};
    }

    private HBox progressRow() {
        HBox row = row(runButtons());
        ProgressBar bar = new ProgressBar();
        bar.setId("evaluateProgress");
        bar.setPrefWidth(260);
        bar.progressProperty().bind(vm.progressProperty());
        Label status = new Label();
        status.setId("evaluateStatus");
        status.textProperty().bind(vm.statusProperty());
        row.getChildren().addAll(bar, status);
        return row;
    }

    private void chooseReportFolder() {
        DirectoryChooser c = new DirectoryChooser();
        c.setTitle("Folder for the evaluation report");
        File d = c.showDialog(getScene() == null ? null : getScene().getWindow());
        if (d != null) {
            vm.saveReport(d.toPath());
        }
    }

    private void chooseFolder() {
        DirectoryChooser c = new DirectoryChooser();
        c.setTitle("Labelled folder: one subfolder per class");
        Path f = vm.folderProperty().get();
        if (f != null && f.toFile().isDirectory()) {
            c.setInitialDirectory(f.toFile());
        }
        File d = c.showDialog(getScene() == null ? null : getScene().getWindow());
        if (d != null) {
            vm.folderProperty().set(d.toPath());
        }
    }

    // ---- results

    private VBox results() {
        Label summary = wrapping("evaluateSummary", vm.summaryProperty());
        summary.setStyle("-fx-font-weight: bold;");
        Label audit = wrapping("evaluateAuditWarning", vm.auditWarningProperty());
        audit.setGraphic(Icons.icon(Icons.STRONG_WARNING));
        audit.getStyleClass().add("warning");
        // The numbers in one column beside the two charts: all of it fits a 1440×900 window without scrolling.
        VBox numbers = new VBox(10, section("METRICS (95% INTERVALS)", metricsTable()),
                section("CONFUSION MATRIX (% OF EACH TRUE CLASS)", confusionGrid()));
        numbers.setMinWidth(Region.USE_PREF_SIZE);
        HBox overview = new HBox(16, numbers, rocChart(), reliabilityChart());
        overview.setFillHeight(false);
        Label leftOut = wrapping("evaluateLeftOut", vm.leftOutProperty());
        VBox content = new VBox(10, summary, audit, section("SHORTCUT CHECK", shortcut()), overview, leftOut,
                section("PER IMAGE (DOUBLE-CLICK TO OPEN IN THE VIEWER)", imageTable()));
        content.setPadding(new Insets(6));
        content.visibleProperty().bind(vm.resultProperty().isNotNull());
        return content;
    }

    private TableView<MetricRow> metricsTable() {
        TableView<MetricRow> t = new TableView<>(vm.metrics());
        t.setId("evaluateMetrics");
        t.getColumns().addAll(List.of(column("Metric", MetricRow::metric, 250),
                column("Value", MetricRow::value, 70), column("95% interval", MetricRow::interval, 120)));
        t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        t.setFixedCellSize(ROW);
        t.setPrefWidth(460);
        // Room for every row without a scroll bar: header plus nine rows.
        t.prefHeightProperty().bind(Bindings.size(vm.metrics()).add(1).multiply(ROW).add(8));
        t.setMinHeight(Region.USE_PREF_SIZE);
        return t;
    }

    private GridPane confusionGrid() {
        GridPane g = new GridPane();
        g.setId("evaluateConfusion");
        g.setHgap(4);
        g.setVgap(4);
        vm.confusionProperty().addListener((o, was, c) -> fillConfusion(g, c));
        return g;
    }

    private static void fillConfusion(GridPane g, Confusion c) {
        g.getChildren().clear();
        if (c == null) {
            return;
        }
        for (int i = 0; i < 2; i++) {
            g.add(header("predicted\n" + c.names().get(i)), i + 1, 0);
            g.add(header("true\n" + c.names().get(i)), 0, i + 1);
            for (int j = 0; j < 2; j++) {
                Label cell = new Label(String.format(Locale.ROOT, "%d%n%.0f%%", c.counts()[i][j], 100 * c.rate(i, j)));
                cell.setId("confusion-" + i + "-" + j);
                cell.setAlignment(Pos.CENTER);
                cell.setMinSize(110, 56);
                cell.setStyle("-fx-font-size: 16px; -fx-text-alignment: center; -fx-text-fill: white; -fx-background-color: "
                        + (i == j ? "#2f5d3a" : "#6b2b2b") + ";");
                g.add(cell, j + 1, i + 1);
            }
        }
    }

    private static Label header(String text) {
        Label l = new Label(text);
        l.setStyle("-fx-text-alignment: center;");
        l.setAlignment(Pos.CENTER);
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    /** The evidence inside the lungs per class on one line, then the verdict in plain words. */
    private VBox shortcut() {
        Label evidence = new Label();
        evidence.setId("evaluateEvidence");
        evidence.setWrapText(true);
        evidence.textProperty().bind(Bindings.createStringBinding(() -> vm.evidence().isEmpty() ? ""
                : "Evidence inside the lung fields (" + vm.checkShownProperty().get() + ": how much hiding parts of the"
                + " image weakens the verdict), per true class: " + String.join(" \u00B7 ", vm.evidence()) + ".",
                vm.evidence(), vm.checkShownProperty()));
        Label verdict = wrapping("evaluateShortcutVerdict", vm.shortcutVerdictProperty());
        vm.shortcutSuspectedProperty().addListener((o, was, now) -> {
            verdict.getStyleClass().remove("warning");
            verdict.setGraphic(now ? Icons.icon(Icons.STRONG_WARNING) : null);
            if (now) {
                verdict.getStyleClass().add("warning");
            }
        });
        return new VBox(4, evidence, verdict);
    }

    private LineChart<Number, Number> rocChart() {
        LineChart<Number, Number> chart = unitChart("evaluateRoc", "false positive rate (1 \u2212 specificity)",
                "true positive rate (sensitivity)", vm.rocSeries());
        chart.titleProperty().bind(vm.rocTitleProperty());
        chart.setCreateSymbols(false);
        return chart;
    }

    private LineChart<Number, Number> reliabilityChart() {
        LineChart<Number, Number> chart = unitChart("evaluateReliability", "predicted probability of the positive class",
                "observed share positive", vm.reliabilitySeries());
        chart.setTitle("Reliability: before and after calibration");
        return chart;
    }

    /** A line chart over [0, 1] × [0, 1]; lunglens.css colours its series and dashes the reference diagonal. */
    private static LineChart<Number, Number> unitChart(String id, String xLabel, String yLabel,
                                                      ObservableList<XYChart.Series<Number, Number>> series) {
        LineChart<Number, Number> chart = new LineChart<>(unitAxis(xLabel), unitAxis(yLabel));
        chart.setId(id);
        chart.getStyleClass().add("evaluation-chart");
        chart.setAnimated(false);
        chart.setData(series);
        chart.setPrefSize(CHART_SIDE, CHART_SIDE + 40);
        chart.setMinSize(320, 300);
        HBox.setHgrow(chart, Priority.ALWAYS);
        return chart;
    }

    private static NumberAxis unitAxis(String label) {
        NumberAxis a = new NumberAxis(label, 0, 1, 0.1);
        a.setMinorTickVisible(false);
        a.setAutoRanging(false);
        return a;
    }

    private TableView<ImageRow> imageTable() {
        sorted.comparatorProperty().bind(images.comparatorProperty());
        images.setItems(sorted);
        images.setId("evaluateImages");
        images.setPlaceholder(new Label("No images scored yet"));
        TableColumn<ImageRow, String> result = column("Result", ImageRow::result, 80);
        result.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String v, boolean empty) {
                super.updateItem(v, empty);
                setText(empty ? null : v);
                setStyle(!empty && "error".equals(v) ? "-fx-text-fill: #ff8a80; -fx-font-weight: bold;" : "");
            }
        });
        images.getColumns().addAll(List.of(column("File", ImageRow::name, 380), column("True class", ImageRow::trueClass, 100),
                column("Predicted", ImageRow::predicted, 100), number("P(positive), calibrated", ImageRow::positive, 170),
                result, number("Confidence", ImageRow::confidence, 100)));
        images.setRowFactory(t -> {
            TableRow<ImageRow> r = new TableRow<>();
            r.setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && !r.isEmpty()) {
                    onOpenImage.accept(r.getItem().file());
                }
            });
            return r;
        });
        images.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        images.setFixedCellSize(ROW);
        // Every row up to fifteen, then the table scrolls inside the results.
        images.prefHeightProperty().bind(Bindings.min(Bindings.size(vm.images()), 15).add(1).multiply(ROW).add(8));
        images.setMinHeight(Region.USE_PREF_SIZE);
        return images;
    }

    // ---- small parts

    private static <R> TableColumn<R, String> column(String title, Function<R, String> value, double width) {
        TableColumn<R, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(value.apply(d.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    /** A number column that sorts by value and shows three decimals. */
    private static <R> TableColumn<R, Double> number(String title, Function<R, Double> value, double width) {
        TableColumn<R, Double> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(value.apply(d.getValue())));
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(Double v, boolean empty) {
                super.updateItem(v, empty);
                setText(empty || v == null ? null : String.format(Locale.ROOT, "%.3f", v));
            }
        });
        c.setPrefWidth(width);
        return c;
    }

    private static VBox section(String title, Node content) {
        Label t = new Label(title);
        t.getStyleClass().add("section-title");
        return new VBox(4, t, content);
    }

    /** A wrapping label that takes its full height and no room while its text is empty. */
    private static Label wrapping(String id, ObservableValue<String> text) {
        Label l = new Label();
        l.setId(id);
        l.setWrapText(true);
        l.setMinHeight(Region.USE_PREF_SIZE);
        l.textProperty().bind(text);
        l.visibleProperty().bind(Bindings.createBooleanBinding(() -> !text.getValue().isEmpty(), text));
        l.managedProperty().bind(l.visibleProperty());
        return l;
    }

    private static HBox row(Node... nodes) {
        HBox b = new HBox(8, nodes);
        b.setAlignment(Pos.CENTER_LEFT);
        return b;
    }
}
