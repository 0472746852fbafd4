package io.lunglens.ui.scan;

import io.lunglens.scan.ScanRow;
import java.io.File;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;

/**
 * The Batch scan tab: folder and output, Start and Cancel, progress with ETA, a sortable and filterable table that
 * fills while the scan runs, a summary, and CSV export. Double-clicking a row hands its file to {@link #setOnOpenImage}.
 */
public final class ScanView extends BorderPane {

    private final ScanViewModel vm;
    private final TableView<ScanRow> table = new TableView<>();
    private final FilteredList<ScanRow> filtered;
    private final SortedList<ScanRow> sorted;
    private Consumer<Path> onOpenImage = p -> { };

    public ScanView(ScanViewModel vm) {
        this.vm = vm;
        setId("scanView");
        setPadding(new Insets(8));
        filtered = new FilteredList<>(vm.rows());
        sorted = new SortedList<>(filtered);
        setTop(settings());
        setCenter(rowsSection());
        setBottom(summarySection());
    }

    /** Folder, output, options, Start and Cancel, progress and status; inputs are locked while a scan runs. */
    private VBox settings() {
        TextField folder = pathField("scanFolder", "Folder of X-rays", vm.folderProperty());
        Button choose = button("scanChoose", "Choose…", this::chooseFolder);
        TextField output = pathField("scanOutput", "CSV to write", vm.outputProperty());
        Button saveAs = button("scanOutputChoose", "…", this::chooseOutput);
        CheckBox recursive = option("scanRecursive", "Subfolders", null, vm.recursiveProperty());
        CheckBox resume = option("scanResume", "Resume",
                "Keep the rows already in the CSV (or its .partial) and scan only the rest", vm.resumeProperty());
        CheckBox ids = option("scanDicomIds", "Include DICOM patient IDs",
                "Off by default: patient names and IDs stay out of the table and the CSV", vm.includeDicomIdsProperty());
        CheckBox ungated = option("scanUngated", "Score refused images too", "Count images the input gate refuses (not a"
                + " frontal chest X-ray, or outside the model's training data) in a labelled folder's metrics; their"
                + " verdicts are unreliable", vm.ungatedProperty());
        for (Node n : List.of(folder, choose, output, saveAs, recursive, resume, ids, ungated)) {
            n.disableProperty().bind(vm.runningProperty());
        }
        Button start = button("scanStart", "Start", vm::start);
        start.setDefaultButton(true);
        start.disableProperty().bind(vm.runningProperty());
        Button cancel = button("scanCancel", "Cancel", vm::cancel);
        cancel.disableProperty().bind(vm.runningProperty().not());
        VBox top = new VBox(6, row(6, new Label("Folder"), folder, choose), row(6, new Label("CSV"), output, saveAs),
                row(12, recursive, resume, ids, ungated, start, cancel), row(8, progressBar()), statusLabel());
        top.setPadding(new Insets(0, 0, 8, 0));
        return top;
    }

    private ProgressBar progressBar() {
        ProgressBar bar = new ProgressBar();
        bar.setId("scanProgress");
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty().bind(vm.progressProperty());
        HBox.setHgrow(bar, Priority.ALWAYS);
        return bar;
    }

    private Label statusLabel() {
        Label status = new Label();
        status.setId("scanStatus");
        status.textProperty().bind(vm.statusProperty());
        return status;
    }

    /** The filter line above the table, and the table. */
    private VBox rowsSection() {
        TextField filter = new TextField();
        filter.setId("scanFilter");
        filter.setPromptText("Filter: file, label, format or error");
        HBox.setHgrow(filter, Priority.ALWAYS);
        CheckBox errorsOnly = new CheckBox("Unreadable only");
        errorsOnly.setId("scanErrorsOnly");
        filtered.predicateProperty().bind(Bindings.createObjectBinding(() -> {
            String q = filter.getText() == null ? "" : filter.getText().strip().toLowerCase(Locale.ROOT);
            boolean errs = errorsOnly.isSelected();
            return r -> (!errs || r.isError()) && (q.isEmpty() || matches(r, q));
        }, filter.textProperty(), errorsOnly.selectedProperty()));
        Label shown = new Label();
        shown.setId("scanShown");
        shown.textProperty().bind(Bindings.createStringBinding(
                () -> sorted.size() + " of " + vm.rows().size() + " rows", sorted, vm.rows()));
        fillTable();
        VBox.setVgrow(table, Priority.ALWAYS);
        return new VBox(6, row(8, new Label("Filter"), filter, errorsOnly, shown), table);
    }

    /** Columns, sorting and the double click that opens a row's image. */
    private void fillTable() {
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        table.setId("scanTable");
        table.setPlaceholder(new Label("No rows yet"));
        table.getColumns().addAll(List.of(text("File", r -> r.path().toString(), 360), text("Label", ScanRow::label, 90),
                text("No verdict (input gate)", ScanRow::gateReason, 170),
                number("P(positive)", ScanRow::calibrated, "%.3f", 90, false),
                number("P raw", ScanRow::raw, "%.3f", 70, false), number("ms", ScanRow::millis, "%.0f", 60, false),
                number("Width", r -> (double) r.width(), "%.0f", 60, true),
                number("Height", r -> (double) r.height(), "%.0f", 60, true), text("Format", ScanRow::format, 60),
                text("True label", ScanRow::trueLabel, 90), text("Error", ScanRow::error, 300)));
        table.setRowFactory(t -> {
            TableRow<ScanRow> r = new TableRow<>();
            r.setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && !r.isEmpty()) {
                    onOpenImage.accept(r.getItem().path());
                }
            });
            return r;
        });
    }

    /** The summary text and the export of the rows shown. */
    private HBox summarySection() {
        TextArea summary = new TextArea();
        summary.setId("scanSummary");
        summary.setEditable(false);
        summary.setWrapText(true);
        summary.setPrefRowCount(4);
        summary.textProperty().bind(vm.summaryTextProperty());
        Button export = button("scanExport", "Export CSV…", this::exportCsv);
        export.setTooltip(new Tooltip("Save the rows shown (filtered and sorted) as CSV"));
        export.disableProperty().bind(Bindings.isEmpty(sorted).or(vm.runningProperty()));
        HBox.setHgrow(summary, Priority.ALWAYS);
        HBox bottom = new HBox(8, summary, export);
        bottom.setPadding(new Insets(8, 0, 0, 0));
        return bottom;
    }

    private static TextField pathField(String id, String prompt, ObjectProperty<Path> path) {
        TextField f = new TextField();
        f.setId(id);
        f.setPromptText(prompt);
        HBox.setHgrow(f, Priority.ALWAYS);
        f.textProperty().bindBidirectional(path, new PathConverter());
        return f;
    }

    private static Button button(String id, String text, Runnable action) {
        Button b = new Button(text);
        b.setId(id);
        b.setOnAction(e -> action.run());
        return b;
    }

    private static CheckBox option(String id, String text, String tip, BooleanProperty value) {
        CheckBox c = new CheckBox(text);
        c.setId(id);
        if (tip != null) {
            c.setTooltip(new Tooltip(tip));
        }
        c.selectedProperty().bindBidirectional(value);
        return c;
    }

    private static HBox row(double gap, Node... nodes) {
        HBox b = new HBox(gap, nodes);
        b.setAlignment(Pos.CENTER_LEFT);
        return b;
    }

    /** Called with the file of a double-clicked row; the main window opens it in the viewer. */
    public void setOnOpenImage(Consumer<Path> action) {
        this.onOpenImage = action == null ? p -> { } : action;
    }

    /** The rows as shown: filtered and sorted. */
    public SortedList<ScanRow> shownRows() {
        return sorted;
    }

    private static boolean matches(ScanRow r, String q) {
        for (String s : new String[] {r.path().toString(), r.label(), r.format(), r.error(), r.trueLabel()}) {
            if (s.toLowerCase(Locale.ROOT).contains(q)) {
                return true;
            }
        }
        return false;
    }

    private void chooseFolder() {
        DirectoryChooser c = new DirectoryChooser();
        c.setTitle("Folder to scan");
        Path f = vm.folderProperty().get();
        if (f != null && f.toFile().isDirectory()) {
            c.setInitialDirectory(f.toFile());
        }
        File d = c.showDialog(getScene().getWindow());
        if (d != null) {
            vm.folderProperty().set(d.toPath());
        }
    }

    private void chooseOutput() {
        File f = saveDialog("CSV to write", vm.outputProperty().get());
        if (f != null) {
            vm.outputProperty().set(f.toPath());
        }
    }

    private void exportCsv() {
        File f = saveDialog("Export rows as CSV", null);
        if (f == null) {
            return;
        }
        vm.exportShown(f.toPath(), sorted);
    }

    private File saveDialog(String title, Path initial) {
        FileChooser c = new FileChooser();
        c.setTitle(title);
        c.getExtensionFilters().add(new FileChooser.ExtensionFilter("CSV", "*.csv"));
        if (initial != null && initial.getParent() != null && initial.getParent().toFile().isDirectory()) {
            c.setInitialDirectory(initial.getParent().toFile());
            c.setInitialFileName(initial.getFileName().toString());
        }
        return c.showSaveDialog(getScene().getWindow());
    }

    private static TableColumn<ScanRow, String> text(String title, Function<ScanRow, String> f, double width) {
        TableColumn<ScanRow, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(f.apply(d.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    /** A numeric column that sorts by value and shows blanks for missing values (NaN, and 0 when blankZero). */
    private static TableColumn<ScanRow, Double> number(String title, Function<ScanRow, Double> f, String fmt,
                                                       double width, boolean blankZero) {
        TableColumn<ScanRow, Double> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(f.apply(d.getValue())));
        c.setComparator((a, b) -> Double.compare(a.isNaN() ? -1 : a, b.isNaN() ? -1 : b));
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(Double v, boolean empty) {
                super.updateItem(v, empty);
                boolean blank = empty || v == null || v.isNaN() || (blankZero && v == 0);
                setText(blank ? "" : String.format(Locale.ROOT, fmt, v));
            }
        });
        c.setPrefWidth(width);
        c.setStyle("-fx-alignment: CENTER-RIGHT;");
        return c;
    }

    /** Text field to path and back; blank means none. */
    private static final class PathConverter extends StringConverter<Path> {
        @Override
        public String toString(Path p) {
            return p == null ? "" : p.toString();
        }

        @Override
        public Path fromString(String s) {
            if (s == null || s.isBlank()) {
                return null;
            }
            try {
                return Path.of(s.strip());
            } catch (InvalidPathException e) {
                return null;
            }
        }
    }
}
