package io.lunglens.ui;

import io.lunglens.model.ModelCard;
import io.lunglens.ui.background.BackgroundTask;
import io.lunglens.ui.background.LatestRequest;
import io.lunglens.ui.evaluate.EvaluateView;
import io.lunglens.ui.evaluate.EvaluateViewModel;
import io.lunglens.ui.pacs.PacsView;
import io.lunglens.ui.pacs.PacsViewModel;
import io.lunglens.ui.files.FolderView;
import io.lunglens.ui.scan.ScanView;
import io.lunglens.ui.scan.ScanViewModel;
import io.lunglens.ui.training.TrainingView;
import io.lunglens.ui.training.TrainingViewModel;
import io.lunglens.ui.verdict.VerdictView;
import io.lunglens.ui.viewer.OverlayControls;
import io.lunglens.ui.viewer.ViewerAction;
import io.lunglens.ui.viewer.ViewerController;
import io.lunglens.ui.viewer.ViewerView;
import io.lunglens.ui.viewer.ViewerViewModel.Mode;
import io.lunglens.ui.viewer.ViewerViewModel;
import io.lunglens.ui.viewer.WindowPreset;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.beans.value.ObservableStringValue;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import org.controlsfx.control.NotificationPane;
import org.controlsfx.control.StatusBar;

/** The main window: menus and toolbar on top, file list left, viewer centre, verdict right, status bottom. */
public final class MainWindow {

    /** How long a problem notification stays up. */
    static final javafx.util.Duration NOTIFICATION_TIME = javafx.util.Duration.seconds(8);
    /** How long closing waits for a training or scan to reach a safe point. */
    static final Duration STOP_WAIT = Duration.ofSeconds(8);

    private final AppController app;
    private final ViewerViewModel vm;
    private final BorderPane root = new BorderPane();
    private final TabPane tabs = new TabPane();
    private final ViewerView viewer;
    private final ViewerController viewerController;
    private final NotificationPane notifications;
    private final Menu recentMenu = new Menu("Recent");
    private final Menu modelMenu = new Menu("Model");
    private final PauseTransition hideNotification = new PauseTransition(NOTIFICATION_TIME);
    private final ScanViewModel scanModel;
    private final TrainingViewModel training;
    private final EvaluateViewModel evaluation;
    private final ObjectProperty<PacsViewModel> pacs = new SimpleObjectProperty<>(this, "pacs");

    public MainWindow(AppController app, ScanViewModel scanModel, TrainingViewModel training,
                      EvaluateViewModel evaluation) {
        this.app = app;
        this.scanModel = scanModel;
        this.training = training;
        this.evaluation = evaluation;
        this.vm = app.viewer();
        viewer = new ViewerView(vm);
        viewerController = new ViewerController(viewer, vm);
        notifications = new NotificationPane(viewer);
        notifications.setId("notifications");
        notifications.setShowFromTop(true);
        notifications.setGraphic(Icons.icon(Icons.PROBLEM));
        hideNotification.setOnFinished(e -> notifications.hide());
        app.setProblemSink(this::notify);

        root.getStyleClass().add("lunglens");
        root.setTop(new VBox(menuBar(), toolBar()));
        BorderPane viewerPane = new BorderPane();
        viewerPane.setCenter(notifications);
        viewerPane.setRight(sidePanel());
        FolderView files = new FolderView(app.folder());
        app.folder().folderProperty().addListener((o, a, f) -> viewerPane.setLeft(f == null ? null : files));

        ScanView scan = new ScanView(scanModel);
        scan.setOnOpenImage(path -> {
            tabs.getSelectionModel().select(0);
            app.open(path);
        });
        training.refreshStartOptions();
        training.setOnSaved(dir -> notify("Saved model " + dir.getFileName() + " to " + dir
                + ". Choose it in the Model menu to use it."));
        Tab viewerTab = new Tab("Viewer", viewerPane);
        viewerTab.setGraphic(Icons.icon(Icons.VIEWER_TAB));
        Tab scanTab = new Tab("Batch scan", withNotice(scan, "scanIntendedUse"));
        scanTab.setGraphic(Icons.icon(Icons.SCAN_TAB));
        Tab trainTab = new Tab("Retrain", new TrainingView(training).getRoot());
        trainTab.setGraphic(Icons.icon(Icons.RETRAIN_TAB));
        trainTab.setOnSelectionChanged(e -> {
            if (trainTab.isSelected()) {
                training.refreshStartOptions();
            }
        });
        Tab evaluateTab = evaluateTab();
        training.setOnOpenResult(run -> {
            evaluation.showTrained(run);
            tabs.getSelectionModel().select(evaluateTab);
        });
        tabs.getTabs().setAll(viewerTab, scanTab, trainTab, evaluateTab);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setId("tabs");
        root.setCenter(tabs);
        root.setBottom(statusBar());
    }

    /** The Evaluate tab: its models follow the registry each time it is shown; a double-clicked image opens here. */
    private Tab evaluateTab() {
        EvaluateView view = new EvaluateView(evaluation);
        view.setOnOpenImage(path -> {
            tabs.getSelectionModel().select(0);
            app.open(path);
        });
        evaluation.refreshModels();
        Tab tab = new Tab("Evaluate", view);
        tab.setGraphic(Icons.icon(Icons.EVALUATE_TAB));
        tab.setOnSelectionChanged(e -> {
            if (tab.isSelected()) {
                evaluation.refreshModels();
            }
        });
        return tab;
    }

    /** Builds the scene, with keyboard shortcuts and drag and drop. */
    public Scene scene(double width, double height) {
        Scene scene = new Scene(root, width, height);
        scene.getStylesheets().add(MainWindow.class.getResource("lunglens.css").toExternalForm());
        scene.addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);
        scene.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        scene.setOnDragDropped(e -> {
            boolean ok = e.getDragboard().hasFiles();
            if (ok) {
                app.openAll(e.getDragboard().getFiles().stream().map(File::toPath).toList());
            }
            e.setDropCompleted(ok);
            e.consume();
        });
        return scene;
    }

    /**
     * The window is closing: cancels a running training and scan and waits for both to stop between batches, so
     * no model is half written, the scan's rows stay resumable and no thread is inside libtorch when the JVM exits.
     */
    public void close() {
        long deadline = System.nanoTime() + STOP_WAIT.toNanos();
        scanModel.close(STOP_WAIT);
        training.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        evaluation.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }

    public BorderPane root() {
        return root;
    }

    public ViewerView viewer() {
        return viewer;
    }

    public NotificationPane notifications() {
        return notifications;
    }

    private void onKey(KeyEvent e) {
        // Viewer keys belong to the viewer tab; the scan table and the wizard keep their own keys.
        if (e.getTarget() instanceof TextInputControl || tabs.getSelectionModel().getSelectedIndex() != 0) {
            return;
        }
        boolean plain = !e.isControlDown() && !e.isAltDown() && !e.isMetaDown();
        AppAction step = plain ? AppAction.forKey(e.getCode()).orElse(null) : null;
        if (step == AppAction.NEXT_IMAGE || step == AppAction.PREVIOUS_IMAGE) {
            app.step(step == AppAction.NEXT_IMAGE ? 1 : -1);
            e.consume();
        } else if (viewerController.handleKey(e)) {
            e.consume();
        }
    }

    private void notify(String message) {
        notifications.setText(message);
        notifications.show();
        hideNotification.playFromStart();
    }

    // ---- menus

    private MenuBar menuBar() {
        MenuItem samples = item(AppAction.OPEN_SAMPLES, app::openSamples);
        samples.setDisable(app.samples().isEmpty());
        MenuItem export = item(AppAction.EXPORT, this::chooseExport);
        export.disableProperty().bind(vm.imageProperty().isNull());
        MenuItem report = item(AppAction.EXPORT_REPORT, this::chooseReport);
        report.disableProperty().bind(app.reportReadyProperty().not());
        recentMenu.setOnShowing(e -> fillRecent());
        fillRecent();
        MenuItem pacsItem = item(AppAction.OPEN_PACS, this::openFromPacs);
        pacsItem.disableProperty().bind(pacs.isNull());
        Menu file = new Menu("File", null, item(AppAction.OPEN_IMAGE, this::chooseFile),
                item(AppAction.OPEN_FOLDER, this::chooseFolder), pacsItem, samples, recentMenu, new SeparatorMenuItem(), export, report,
                new SeparatorMenuItem(), item(AppAction.QUIT, Platform::exit));

        Menu view = new Menu("View", null, item(ViewerAction.FIT), item(ViewerAction.ACTUAL_SIZE),
                item(ViewerAction.ZOOM_IN), item(ViewerAction.ZOOM_OUT), new SeparatorMenuItem(),
                item(ViewerAction.INVERT), item(ViewerAction.RESET), new SeparatorMenuItem(), item(ViewerAction.OVERLAY));

        modelMenu.setOnShowing(e -> fillModels());
        fillModels();

        MenuItem about = item(AppAction.ABOUT, () -> message("About LungLens",
                "LungLens 0.1.0\nChest X-ray viewer with a ResNet50-LSTM second opinion, Grad-CAM and occlusion maps.\n\n"
                        + ModelCard.INTENDED_USE + "."));
        MenuItem intended = item(AppAction.INTENDED_USE, () -> message("Intended use",
                ModelCard.INTENDED_USE + ".\n\n" + LungLensApp.INTENDED_USE_DETAIL));
        Menu help = new Menu("Help", null, about, intended);
        return new MenuBar(file, view, modelMenu, help);
    }

    private void fillRecent() {
        recentMenu.getItems().clear();
        for (Path p : app.recent().list()) {
            MenuItem m = new MenuItem(p.toString());
            m.setMnemonicParsing(false);
            m.setOnAction(e -> app.open(p));
            recentMenu.getItems().add(m);
        }
        recentMenu.setDisable(recentMenu.getItems().isEmpty());
    }

    private void fillModels() {
        modelMenu.getItems().clear();
        ToggleGroup group = new ToggleGroup();
        for (String name : app.models().names()) {
            RadioMenuItem m = new RadioMenuItem(name);
            m.setMnemonicParsing(false);
            m.setToggleGroup(group);
            m.setSelected(name.equals(app.activeModelProperty().get()));
            m.setOnAction(e -> app.selectModel(name));
            modelMenu.getItems().add(m);
        }
        if (modelMenu.getItems().isEmpty()) {
            MenuItem none = new MenuItem("No models installed");
            none.setDisable(true);
            modelMenu.getItems().add(none);
        }
        MenuItem card = item(AppAction.MODEL_CARD, () -> {
            Explainer ex = app.explainer();
            if (ex != null) {
                message("Model card: " + ex.name(), ex.modelCard());
            }
        });
        card.setDisable(app.explainer() == null);
        modelMenu.getItems().addAll(new SeparatorMenuItem(), card);
    }

    private static MenuItem item(AppAction a, Runnable action) {
        MenuItem m = new MenuItem(a.title(), a.icon() == null ? null : Icons.icon(a.icon()));
        m.setAccelerator(a.accelerator());
        m.setOnAction(e -> action.run());
        return m;
    }

    /** A menu item for a viewer action: a check item bound to its state for on/off actions. */
    private MenuItem item(ViewerAction a) {
        MenuItem m = a.state(vm).<MenuItem>map(state -> {
            CheckMenuItem c = new CheckMenuItem(a.title(), Icons.icon(a.icon()));
            c.selectedProperty().bindBidirectional(state);
            return c;
        }).orElseGet(() -> {
            MenuItem plain = new MenuItem(a.title(), Icons.icon(a.icon()));
            plain.setOnAction(e -> a.perform(vm));
            return plain;
        });
        m.setAccelerator(a.accelerator());
        return m;
    }

    // ---- toolbar

    private ToolBar toolBar() {
        Button open = button(AppAction.OPEN_IMAGE, this::chooseFile);
        Button folder = button(AppAction.OPEN_FOLDER, this::chooseFolder);
        ToggleGroup modes = new ToggleGroup();
        List<ToggleButton> modeButtons = Stream.of(ViewerAction.PAN, ViewerAction.WINDOW, ViewerAction.ZOOM)
                .map(a -> modeButton(a, modes)).toList();
        vm.modeProperty().addListener((o, a, m) -> modes.getToggles().forEach(t -> t.setSelected(t.getUserData() == m)));
        // A mode button cannot be switched off by clicking it again: one mode is always in force.
        modes.selectedToggleProperty().addListener((o, a, t) -> {
            if (t == null && a != null) {
                a.setSelected(true);
            } else if (t != null) {
                vm.modeProperty().set((Mode) t.getUserData());
            }
        });
        ChoiceBox<WindowPreset> presets = new ChoiceBox<>(vm.getPresets());
        presets.setId("presets");
        presets.setTooltip(new Tooltip("Window preset"));
        presets.valueProperty().bindBidirectional(vm.presetProperty());
        presets.disableProperty().bind(vm.imageProperty().isNull());
        presets.setFocusTraversable(false);
        ToolBar bar = new ToolBar(open, folder, new Separator(), button(ViewerAction.FIT),
                button(ViewerAction.ACTUAL_SIZE), button(ViewerAction.ZOOM_IN), button(ViewerAction.ZOOM_OUT),
                new Separator());
        bar.getItems().addAll(modeButtons);
        ButtonBase overlay = button(ViewerAction.OVERLAY);
        overlay.setText("Overlay");
        bar.getItems().addAll(new Separator(), button(ViewerAction.INVERT), button(ViewerAction.RESET),
                new Label("Preset"), presets, new Separator(), overlay);
        return bar;
    }

    private static Button button(AppAction a, Runnable action) {
        Button b = new Button(null, Icons.icon(a.icon()));
        b.setTooltip(new Tooltip(a.tooltip()));
        b.setOnAction(e -> action.run());
        b.setFocusTraversable(false);
        return b;
    }

    /** A toolbar button for a viewer action: a toggle bound to its state for on/off actions. */
    private ButtonBase button(ViewerAction a) {
        ButtonBase b = a.state(vm).<ButtonBase>map(state -> {
            ToggleButton t = new ToggleButton(null, Icons.icon(a.icon()));
            t.selectedProperty().bindBidirectional(state);
            return t;
        }).orElseGet(() -> {
            Button plain = new Button(null, Icons.icon(a.icon()));
            plain.setOnAction(e -> a.perform(vm));
            return plain;
        });
        b.setTooltip(new Tooltip(a.tooltip()));
        b.setFocusTraversable(false);
        return b;
    }

    private static ToggleButton modeButton(ViewerAction a, ToggleGroup group) {
        ToggleButton b = new ToggleButton(null, Icons.icon(a.icon()));
        b.setTooltip(new Tooltip(a.tooltip()));
        b.setUserData(a.mode());
        b.setToggleGroup(group);
        b.setSelected(a.mode() == Mode.PAN);
        b.setFocusTraversable(false);
        return b;
    }

    // ---- side panel and status bar

    /** Every screen that shows verdicts carries the intended-use notice. */
    private static Node withNotice(Node content, String id) {
        Label intended = new Label(ModelCard.INTENDED_USE, Icons.icon(Icons.SAFETY));
        intended.setId(id);
        intended.getStyleClass().add("intended-use");
        intended.setMaxWidth(Double.MAX_VALUE);
        BorderPane pane = new BorderPane(content);
        pane.setBottom(intended);
        return pane;
    }

    private Node sidePanel() {
        VBox content = new VBox(12, new VerdictView(app.verdict()), sectionTitle("EVIDENCE MAP"), new OverlayControls(vm));
        content.setPadding(new Insets(10));
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        VBox.setVgrow(scroll, Priority.ALWAYS);

        Label intended = new Label(ModelCard.INTENDED_USE, Icons.icon(Icons.SAFETY));
        intended.setId("intendedUse");
        intended.getStyleClass().add("intended-use");
        intended.setWrapText(true);
        intended.setMaxWidth(Double.MAX_VALUE);

        VBox side = new VBox(scroll, intended);
        side.getStyleClass().add("side-panel");
        side.setPrefWidth(330);
        side.setMinWidth(260);
        return side;
    }

    private static Label sectionTitle(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("section-title");
        return l;
    }

    private StatusBar statusBar() {
        StatusBar bar = new StatusBar();
        bar.setId("statusBar");
        bar.textProperty().bind(app.statusProperty());
        Label window = statusLabel("statusWindow", vm.windowTextProperty());
        Label pixel = statusLabel("statusPixel", vm.pixelTextProperty());
        pixel.setMinWidth(230);
        Label zoom = statusLabel("statusZoom", vm.zoomTextProperty());
        zoom.setMinWidth(90);
        bar.getRightItems().addAll(pixel, new Separator(), window, new Separator(), zoom);
        for (LatestRequest r : app.requests()) {
            r.runningProperty().addListener((o, a, t) -> showProgress(bar));
        }
        return bar;
    }

    private void showProgress(StatusBar bar) {
        bar.progressProperty().unbind();
        BackgroundTask<?> running = app.requests().stream().map(r -> r.runningProperty().get())
                .filter(t -> t != null).findFirst().orElse(null);
        if (running == null) {
            bar.setProgress(0);
        } else {
            bar.progressProperty().bind(running.progressProperty());
        }
    }

    private static Label statusLabel(String id, ObservableStringValue text) {
        Label l = new Label();
        l.setId(id);
        l.textProperty().bind(text);
        return l;
    }

    // ---- dialogs

    private Stage stage() {
        return (Stage) root.getScene().getWindow();
    }

    /** Enables File ▸ Open from PACS… with this dialog state. */
    public void setPacs(PacsViewModel model) {
        pacs.set(model);
    }

    /** Shows the Open from PACS dialog; an opened series goes to the viewer as files do, and the dialog closes. */
    private void openFromPacs() {
        PacsViewModel model = pacs.get();
        model.reloadServers();
        PacsView view = new PacsView(model);
        Stage dialog = new Stage();
        dialog.initOwner(stage());
        dialog.setTitle("Open from PACS \u2014 " + ModelCard.INTENDED_USE);
        dialog.setScene(new Scene(view, 900, 640));
        dialog.getScene().getStylesheets().setAll(root.getScene().getStylesheets());
        view.setOnOpen(files -> {
            dialog.close();
            tabs.getSelectionModel().select(0);
            app.openAll(files);
        });
        dialog.show();
    }

    private void chooseFile() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Open chest X-ray");
        fc.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("Images and DICOM", "*.png", "*.jpg", "*.jpeg", "*.bmp", "*.gif",
                        "*.tif", "*.tiff", "*.dcm", "*.dicom", "*.DCM", "*.PNG", "*.JPG"),
                new FileChooser.ExtensionFilter("All files", "*"));
        initialDir(fc::setInitialDirectory);
        File f = fc.showOpenDialog(stage());
        if (f != null) {
            app.open(f.toPath());
        }
    }

    private void chooseFolder() {
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle("Open folder of images");
        initialDir(dc::setInitialDirectory);
        File f = dc.showDialog(stage());
        if (f != null) {
            app.openFolder(f.toPath());
        }
    }

    private void chooseExport() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Export view as PNG");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("PNG image", "*.png"));
        Path cur = app.currentFileProperty().get();
        if (cur != null) {
            String n = cur.getFileName().toString();
            fc.setInitialFileName((n.contains(".") ? n.substring(0, n.lastIndexOf('.')) : n) + "-view.png");
        }
        File f = fc.showSaveDialog(stage());
        if (f != null) {
            app.exportPng(viewer.snapshot(null, null), f.toPath());
        }
    }

    private void chooseReport() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Export report");
        fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("PDF document", "*.pdf"),
                new FileChooser.ExtensionFilter("PNG image", "*.png"));
        Path cur = app.currentFileProperty().get();
        String n = cur.getFileName().toString();
        fc.setInitialFileName((n.contains(".") ? n.substring(0, n.lastIndexOf('.')) : n) + "_report.pdf");
        initialDir(fc::setInitialDirectory);
        File f = fc.showSaveDialog(stage());
        if (f == null) {
            return;
        }
        Path target = withExtension(f.toPath(), fc.getSelectedExtensionFilter());
        boolean hasIds = !vm.imageProperty().get().info().identifiers().isEmpty();
        if (!hasIds) {
            app.exportReport(target, false);
        } else {
            askIdentifiers().ifPresent(include -> app.exportReport(target, include));
        }
    }

    /** The chosen name with the chosen filter's extension when the user typed none. */
    private static Path withExtension(Path p, FileChooser.ExtensionFilter filter) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".pdf") || name.endsWith(".png")) {
            return p;
        }
        String ext = filter != null && filter.getExtensions().contains("*.png") ? ".png" : ".pdf";
        return p.resolveSibling(p.getFileName() + ext);
    }

    /** Whether to print the DICOM patient name and ID in the report; unticked unless the user ticks it. */
    private Optional<Boolean> askIdentifiers() {
        CheckBox include = new CheckBox("Include patient identifiers (name, ID)");
        include.setId("includePatientIds");
        Alert a = new Alert(Alert.AlertType.CONFIRMATION);
        a.initOwner(stage());
        a.setTitle("Export report");
        a.setHeaderText("This DICOM file names its patient.");
        a.getDialogPane().setContent(new VBox(8, new Label("The report leaves the patient's name and ID out unless"
                + " you include them."), include));
        return a.showAndWait().filter(b -> b == ButtonType.OK).map(b -> include.isSelected());
    }

    private void initialDir(Consumer<File> set) {
        Path cur = app.currentFileProperty().get();
        if (cur != null && cur.toAbsolutePath().getParent() != null) {
            set.accept(cur.toAbsolutePath().getParent().toFile());
        }
    }

    private void message(String title, String text) {
        Alert a = new Alert(Alert.AlertType.INFORMATION);
        a.initOwner(stage());
        a.setTitle(title);
        a.setHeaderText(title);
        TextArea area = new TextArea(text);
        area.setEditable(false);
        area.setWrapText(true);
        area.setPrefRowCount(12);
        a.getDialogPane().setContent(area);
        a.show();
    }
}
