package io.lunglens.ui.pacs;

import io.lunglens.pacs.PacsServer;
import io.lunglens.pacs.Series;
import io.lunglens.pacs.Study;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.StringProperty;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** Open from PACS: search fields on top, the studies found and the chosen study's series below, Open at the bottom. */
public final class PacsView extends BorderPane {

    private final PacsViewModel vm;
    private final TableView<Study> studies = new TableView<>();
    private final TableView<Series> series = new TableView<>();
    private Consumer<List<Path>> onOpen = files -> { };

    public PacsView(PacsViewModel vm) {
        this.vm = vm;
        setId("pacsView");
        setPadding(new Insets(10));
        setTop(form());
        setCenter(lists());
        setBottom(bottom());
    }

    /** Receives the files of an opened series. */
    public void setOnOpen(Consumer<List<Path>> action) {
        onOpen = action;
    }

    private GridPane form() {
        ComboBox<PacsServer> server = new ComboBox<>(vm.getServers());
        server.setId("pacsServer");
        server.valueProperty().bindBidirectional(vm.serverProperty());
        server.setButtonCell(serverCell());
        server.setCellFactory(l -> serverCell());
        TextField id = field("pacsPatientId", "e.g. 12345", vm.patientIdProperty());
        TextField name = field("pacsPatientName", "FAMILY^GIVEN, * and ? as wildcards", vm.patientNameProperty());
        TextField modalities = field("pacsModalities", "CR,DX", vm.modalitiesProperty());
        TextField accession = field("pacsAccession", "", vm.accessionProperty());
        DatePicker from = new DatePicker();
        from.setId("pacsFrom");
        from.valueProperty().bindBidirectional(vm.fromProperty());
        DatePicker to = new DatePicker();
        to.setId("pacsTo");
        to.valueProperty().bindBidirectional(vm.toProperty());
        Button search = new Button("Search");
        search.setId("pacsSearch");
        search.setDefaultButton(true);
        search.disableProperty().bind(vm.busyProperty().or(vm.serverProperty().isNull()));
        search.setOnAction(e -> vm.search());

        GridPane g = new GridPane();
        g.setHgap(8);
        g.setVgap(6);
        g.setPadding(new Insets(0, 0, 10, 0));
        g.addRow(0, new Label("Server"), server, new Label("Modalities"), modalities);
        g.addRow(1, new Label("Patient ID"), id, new Label("Patient name"), name);
        g.addRow(2, new Label("Study date from"), from, new Label("to"), to);
        g.addRow(3, new Label("Accession"), accession, new Label(), search);
        return g;
    }

    private static TextField field(String id, String prompt, StringProperty p) {
        TextField f = new TextField();
        f.setId(id);
        f.setPromptText(prompt);
        f.textProperty().bindBidirectional(p);
        return f;
    }

    private static ListCell<PacsServer> serverCell() {
        return new ListCell<>() {
            @Override
            protected void updateItem(PacsServer s, boolean empty) {
                super.updateItem(s, empty);
                setText(empty || s == null ? null : s.label());
            }
        };
    }

    private SplitPane lists() {
        studies.setId("pacsStudies");
        studies.setItems(vm.getStudies());
        studies.getColumns().setAll(List.of(column("Date", Study::date, 90), column("Patient ID", Study::patientId, 100),
                column("Patient name", Study::patientName, 160), column("Modalities", Study::modalities, 95),
                column("Images", s -> s.instances(), 60), column("Accession", Study::accession, 100),
                column("Description", Study::description, 200)));
        studies.setPlaceholder(new Label("No studies: search above."));
        studies.getSelectionModel().selectedItemProperty().addListener((o, a, s) -> vm.selectStudy(s));

        series.setId("pacsSeries");
        series.setItems(vm.getSeries());
        series.getColumns().setAll(List.of(column("Series", s -> s.number(), 60),
                column("Modality", Series::modality, 70), column("Images", s -> s.instances(), 60),
                column("Description", Series::description, 260)));
        series.setPlaceholder(new Label("Choose a study to see its series."));
        series.setRowFactory(t -> {
            TableRow<Series> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !row.isEmpty()) {
                    open();
                }
            });
            return row;
        });
        SplitPane split = new SplitPane(studies, series);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.6);
        return split;
    }

    private static <S, T> TableColumn<S, T> column(String title, Function<S, T> value, double width) {
        TableColumn<S, T> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(value.apply(d.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    private VBox bottom() {
        Label status = new Label();
        status.setId("pacsStatus");
        status.textProperty().bind(vm.statusProperty());
        status.setWrapText(true);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        Button open = new Button("Open series");
        open.setId("pacsOpen");
        open.disableProperty().bind(series.getSelectionModel().selectedItemProperty().isNull()
                .or(vm.busyProperty()));
        open.setOnAction(e -> open());
        HBox row = new HBox(8, status, gap, open);
        row.setPadding(new Insets(8, 0, 0, 0));
        Label note = new Label("Images are retrieved with WADO-RS into a local cache and open in the viewer like"
                + " files. Research use only \u2014 not a medical device.");
        note.getStyleClass().add("hint");
        return new VBox(4, row, note);
    }

    private void open() {
        Series s = series.getSelectionModel().getSelectedItem();
        if (s != null) {
            vm.open(s, files -> onOpen.accept(files));
        }
    }
}
