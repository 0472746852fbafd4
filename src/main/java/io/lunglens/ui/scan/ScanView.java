package io.lunglens.ui.scan;

import io.lunglens.scan.ScanRow;
import java.io.File;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
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

        TextField folder = new TextField();
        folder.setId("scanFolder");
        folder.setPromptText("Folder of X-rays");
        HBox.setHgrow(folder, Priority.ALWAYS);
        folder.textProperty().bindBidirectional(vm.folderProperty(), new PathConverter());
        Button choose = new Button("Choose…");
        choose.setId("scanChoose");
        choose.setOnAction(e -> chooseFolder());
        TextField output = new TextField();
        output.setId("scanOutput");
        output.setPromptText("CSV to write");
        HBox.setHgrow(output, Priority.ALWAYS);
        output.textProperty().bindBidirectional(vm.outputProperty(), new PathConverter());
        Button saveAs = new Button("…");
        saveAs.setId("scanOutputChoose");
        saveAs.setOnAction(e -> chooseOutput());

        CheckBox recursive = new CheckBox("Subfolders");
        recursive.setId("scanRecursive");
        recursive.selectedProperty().bindBidirectional(vm.recursiveProperty());
        CheckBox resume = new CheckBox("Resume");
        resume.setId("scanResume");
        resume.setTooltip(new Tooltip("Keep the rows already in the CSV (or its .partial) and scan only the rest"));
        resume.selectedProperty().bindBidirectional(vm.resumeProperty());
        CheckBox ids = new CheckBox("Include DICOM patient IDs");
        ids.setId("scanDicomIds");
        ids.setTooltip(new Tooltip("Off by default: patient names and IDs stay out of the table and the CSV"));
        ids.selectedProperty().bindBidirectional(vm.includeDicomIdsProperty());
        CheckBox ungated = new CheckBox("Score refused images too");
        ungated.setId("scanUngated");
        ungated.setTooltip(new Tooltip("Count images the input gate refuses (not a frontal chest X-ray, or outside the"
                + " model's training data) in a labelled folder's metrics; their verdicts are unreliable"));
        ungated.selectedProperty().bindBidirectional(vm.ungatedProperty());
        Button start = new Button("Start");
        start.setId("scanStart");
        start.setDefaultButton(true);
        start.disableProperty().bind(vm.runningProperty());
        start.setOnAction(e -> vm.start());
        Button cancel = new Button("Cancel");
        cancel.setId("scanCancel");
        cancel.disableProperty().bind(vm.runningProperty().not());
        cancel.setOnAction(e -> vm.cancel());
        for (javafx.scene.Node n : new javafx.scene.Node[] {folder, choose, output, saveAs, recursive, resume, ids, ungated}) {
            n.disableProperty().bind(vm.runningProperty());
        }

        ProgressBar bar = new ProgressBar();
        bar.setId("scanProgress");
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty().bind(vm.progressProperty());
        HBox.setHgrow(bar, Priority.ALWAYS);
        Label status = new Label();
        status.setId("scanStatus");
        status.textProperty().bind(vm.statusProperty());

        HBox row1 = new HBox(6, new Label("Folder"), folder, choose);
        HBox row2 = new HBox(6, new Label("CSV"), output, saveAs);
        HBox row3 = new HBox(12, recursive, resume, ids, ungated, start, cancel);
        HBox row4 = new HBox(8, bar);
        for (HBox b : new HBox[] {row1, row2, row3, row4}) {
            b.setAlignment(Pos.CENTER_LEFT);
        }
        VBox top = new VBox(6, row1, row2, row3, row4, status);
        top.setPadding(new Insets(0, 0, 8, 0));
        setTop(top);

        TextField filter = new TextField();
        filter.setId("scanFilter");
        filter.setPromptText("Filter: file, label, format or error");
        HBox.setHgrow(filter, Priority.ALWAYS);
        CheckBox errorsOnly = new CheckBox("Unreadable only");
        errorsOnly.setId("scanErrorsOnly");
        filtered = new FilteredList<>(vm.rows());
        filtered.predicateProperty().bind(Bindings.createObjectBinding(() -> {
            String q = filter.getText() == null ? "" : filter.getText().strip().toLowerCase(Locale.ROOT);
            boolean errs = errorsOnly.isSelected();
            return r -> (!errs || r.isError()) && (q.isEmpty() || matches(r, q));
        }, filter.textProperty(), errorsOnly.selectedProperty()));
        sorted = new SortedList<>(filtered);
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        table.setId("scanTable");
        table.setPlaceholder(new Label("No rows yet"));
        table.getColumns().add(text("File", r -> r.path().toString(), 360));
        table.getColumns().add(text("Label", ScanRow::label, 90));
        table.getColumns().add(text("No verdict (input gate)", ScanRow::gateReason, 170));
        table.getColumns().add(number("P(positive)", ScanRow::calibrated, "%.3f", 90, false));
        table.getColumns().add(number("P raw", ScanRow::raw, "%.3f", 70, false));
        table.getColumns().add(number("ms", ScanRow::millis, "%.0f", 60, false));
        table.getColumns().add(number("Width", r -> (double) r.width(), "%.0f", 60, true));
        table.getColumns().add(number("Height", r -> (double) r.height(), "%.0f", 60, true));
        table.getColumns().add(text("Format", ScanRow::format, 60));
        table.getColumns().add(text("True label", ScanRow::trueLabel, 90));
        table.getColumns().add(text("Error", ScanRow::error, 300));
        table.setRowFactory(t -> {
            TableRow<ScanRow> r = new TableRow<>();
            r.setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && !r.isEmpty()) {
                    onOpenImage.accept(r.getItem().path());
                }
            });
            return r;
        });
        Label shown = new Label();
        shown.setId("scanShown");
        shown.textProperty().bind(Bindings.createStringBinding(
                () -> sorted.size() + " of " + vm.rows().size() + " rows", sorted, vm.rows()));
        HBox filterRow = new HBox(8, new Label("Filter"), filter, errorsOnly, shown);
        filterRow.setAlignment(Pos.CENTER_LEFT);
        VBox.setVgrow(table, Priority.ALWAYS);
        setCenter(new VBox(6, filterRow, table));

        TextArea summary = new TextArea();
        summary.setId("scanSummary");
        summary.setEditable(false);
        summary.setWrapText(true);
        summary.setPrefRowCount(4);
        summary.textProperty().bind(vm.summaryTextProperty());
        Button export = new Button("Export CSV…");
        export.setId("scanExport");
        export.setTooltip(new Tooltip("Save the rows shown (filtered and sorted) as CSV"));
        export.disableProperty().bind(Bindings.isEmpty(sorted).or(vm.runningProperty()));
        export.setOnAction(e -> exportCsv());
        HBox.setHgrow(summary, Priority.ALWAYS);
        HBox bottom = new HBox(8, summary, export);
        bottom.setPadding(new Insets(8, 0, 0, 0));
        setBottom(bottom);
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
    private static final class PathConverter extends javafx.util.StringConverter<Path> {
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
            } catch (java.nio.file.InvalidPathException e) {
                return null;
            }
        }
    }
}
