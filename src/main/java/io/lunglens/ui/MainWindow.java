package io.lunglens.ui;

import io.lunglens.ui.background.BackgroundTask;
import io.lunglens.ui.background.LatestRequest;
import io.lunglens.ui.files.FolderView;
import io.lunglens.ui.scan.ScanView;
import io.lunglens.ui.scan.ScanViewModel;
import io.lunglens.ui.training.TrainingView;
import io.lunglens.ui.training.TrainingViewModel;
import io.lunglens.ui.verdict.VerdictView;
import io.lunglens.ui.viewer.OverlayControls;
import io.lunglens.ui.viewer.ViewerController;
import io.lunglens.ui.viewer.ViewerView;
import io.lunglens.ui.viewer.ViewerViewModel.Mode;
import io.lunglens.ui.viewer.ViewerViewModel;
import io.lunglens.ui.viewer.WindowPreset;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.beans.value.ObservableStringValue;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
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
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.controlsfx.control.NotificationPane;
import org.controlsfx.control.StatusBar;
import org.kordamp.ikonli.javafx.FontIcon;

/** The main window: menus and toolbar on top, file list left, viewer centre, verdict right, status bottom. */
public final class MainWindow {

    /** How long a problem notification stays up. */
    static final Duration NOTIFICATION_TIME = Duration.seconds(8);
    /** How long closing waits for a training or scan to reach a safe point. */
    static final java.time.Duration STOP_WAIT = java.time.Duration.ofSeconds(8);

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

    public MainWindow(AppController app, ScanViewModel scanModel, TrainingViewModel training) {
        this.app = app;
        this.scanModel = scanModel;
        this.training = training;
        this.vm = app.viewer();
        viewer = new ViewerView(vm);
        viewerController = new ViewerController(viewer, vm);
        notifications = new NotificationPane(viewer);
        notifications.setId("notifications");
        notifications.setShowFromTop(true);
        notifications.setGraphic(new FontIcon("mdi2a-alert-circle-outline"));
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
        training.refreshBackbones();
        training.setOnSaved(dir -> notify("Saved model " + dir.getFileName() + " to " + dir
                + ". Choose it in the Model menu to use it."));
        Tab viewerTab = new Tab("Viewer", viewerPane);
        viewerTab.setGraphic(new FontIcon("mdi2m-magnify"));
        Tab scanTab = new Tab("Batch scan", withNotice(scan, "scanIntendedUse"));
        scanTab.setGraphic(new FontIcon("mdi2f-folder-search-outline"));
        Tab trainTab = new Tab("Retrain", new TrainingView(training).getRoot());
        trainTab.setGraphic(new FontIcon("mdi2c-chart-line"));
        trainTab.setOnSelectionChanged(e -> {
            if (trainTab.isSelected()) {
                training.refreshBackbones();
            }
        });
        tabs.getTabs().setAll(viewerTab, scanTab, trainTab);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setId("tabs");
        root.setCenter(tabs);
        root.setBottom(statusBar());
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
        training.close(java.time.Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
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
        KeyCode k = e.getCode();
        boolean plain = !e.isControlDown() && !e.isAltDown() && !e.isMetaDown();
        if (plain && (k == KeyCode.PAGE_DOWN || k == KeyCode.DOWN || k == KeyCode.RIGHT)) {
            app.step(1);
            e.consume();
        } else if (plain && (k == KeyCode.PAGE_UP || k == KeyCode.UP || k == KeyCode.LEFT)) {
            app.step(-1);
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
        MenuItem open = item("Open image\u2026", "mdi2f-file-image-outline", "Shortcut+O", this::chooseFile);
        MenuItem openFolder = item("Open folder\u2026", "mdi2f-folder-open-outline", "Shortcut+Shift+O", this::chooseFolder);
        MenuItem samples = item("Open sample X-rays", "mdi2i-image-multiple-outline", null, app::openSamples);
        samples.setDisable(app.samples().isEmpty());
        MenuItem export = item("Export view as PNG\u2026", "mdi2e-export", "Shortcut+E", this::chooseExport);
        export.disableProperty().bind(vm.imageProperty().isNull());
        MenuItem quit = item("Quit", null, "Shortcut+Q", Platform::exit);
        recentMenu.setOnShowing(e -> fillRecent());
        fillRecent();
        Menu file = new Menu("File", null, open, openFolder, samples, recentMenu, new SeparatorMenuItem(), export,
                new SeparatorMenuItem(), quit);

        MenuItem fit = item("Fit to window", "mdi2f-fit-to-page-outline", "F", vm::fit);
        MenuItem actual = item("Actual size (1:1)", "mdi2n-numeric-1-box-outline", "1", vm::actualSize);
        MenuItem zoomIn = item("Zoom in", "mdi2m-magnify-plus-outline", "Plus", () -> vm.zoomStep(true));
        MenuItem zoomOut = item("Zoom out", "mdi2m-magnify-minus-outline", "Minus", () -> vm.zoomStep(false));
        CheckMenuItem invert = new CheckMenuItem("Invert");
        invert.setAccelerator(KeyCombination.keyCombination("I"));
        invert.selectedProperty().bindBidirectional(vm.invertedProperty());
        MenuItem reset = item("Reset view and window/level", "mdi2r-restore", "R", vm::reset);
        CheckMenuItem overlay = new CheckMenuItem("Evidence overlay");
        overlay.setAccelerator(KeyCombination.keyCombination("G"));
        overlay.selectedProperty().bindBidirectional(vm.overlayVisibleProperty());
        Menu view = new Menu("View", null, fit, actual, zoomIn, zoomOut, new SeparatorMenuItem(), invert, reset,
                new SeparatorMenuItem(), overlay);

        modelMenu.setOnShowing(e -> fillModels());
        fillModels();

        MenuItem about = item("About LungLens", "mdi2i-information-outline", null, () -> message("About LungLens",
                "LungLens 0.1.0\nChest X-ray viewer with a ResNet50-LSTM second opinion, Grad-CAM and occlusion maps.\n\n"
                        + LungLensApp.INTENDED_USE + "."));
        MenuItem intended = item("Intended use", "mdi2s-shield-alert-outline", null, () -> message("Intended use",
                LungLensApp.INTENDED_USE + ".\n\n" + LungLensApp.INTENDED_USE_DETAIL));
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
        MenuItem card = item("Model card\u2026", "mdi2c-card-text-outline", null, () -> {
            Explainer ex = app.explainer();
            if (ex != null) {
                message("Model card: " + ex.name(), ex.modelCard());
            }
        });
        card.setDisable(app.explainer() == null);
        modelMenu.getItems().addAll(new SeparatorMenuItem(), card);
    }

    private static MenuItem item(String text, String icon, String accelerator, Runnable action) {
        MenuItem m = new MenuItem(text, icon == null ? null : new FontIcon(icon));
        if (accelerator != null) {
            m.setAccelerator(KeyCombination.keyCombination(accelerator));
        }
        m.setOnAction(e -> action.run());
        return m;
    }

    // ---- toolbar

    private ToolBar toolBar() {
        Button open = button("mdi2f-file-image-outline", "Open image (Ctrl+O)", this::chooseFile);
        Button folder = button("mdi2f-folder-open-outline", "Open folder (Ctrl+Shift+O)", this::chooseFolder);
        Button fit = button("mdi2f-fit-to-page-outline", "Fit to window (F)", vm::fit);
        Button actual = button("mdi2n-numeric-1-box-outline", "Actual size 1:1 (1)", vm::actualSize);
        Button zoomIn = button("mdi2m-magnify-plus-outline", "Zoom in (+)", () -> vm.zoomStep(true));
        Button zoomOut = button("mdi2m-magnify-minus-outline", "Zoom out (\u2212)", () -> vm.zoomStep(false));

        ToggleGroup modes = new ToggleGroup();
        ToggleButton pan = modeButton("mdi2h-hand-back-right-outline", "Pan: drag (T)", Mode.PAN, modes);
        ToggleButton wl = modeButton("mdi2c-contrast-box", "Window/level: drag, or right-drag at any time (W)",
                Mode.WINDOW, modes);
        ToggleButton zoom = modeButton("mdi2m-magnify-scan", "Zoom: drag up/down (Z)", Mode.ZOOM, modes);
        vm.modeProperty().addListener((o, a, m) -> modes.getToggles().forEach(t -> t.setSelected(t.getUserData() == m)));
        // A mode button cannot be switched off by clicking it again: one mode is always in force.
        modes.selectedToggleProperty().addListener((o, a, t) -> {
            if (t == null && a != null) {
                a.setSelected(true);
            } else if (t != null) {
                vm.modeProperty().set((Mode) t.getUserData());
            }
        });

        ToggleButton invert = new ToggleButton(null, new FontIcon("mdi2i-invert-colors"));
        invert.setTooltip(new Tooltip("Invert (I)"));
        invert.selectedProperty().bindBidirectional(vm.invertedProperty());
        Button reset = button("mdi2r-restore", "Reset view and window/level (R)", vm::reset);

        ChoiceBox<WindowPreset> presets = new ChoiceBox<>(vm.getPresets());
        presets.setId("presets");
        presets.setTooltip(new Tooltip("Window preset"));
        presets.valueProperty().bindBidirectional(vm.presetProperty());
        presets.disableProperty().bind(vm.imageProperty().isNull());

        ToggleButton overlay = new ToggleButton("Overlay", new FontIcon("mdi2l-layers-outline"));
        overlay.setTooltip(new Tooltip("Evidence overlay on/off (G): Grad-CAM, or occlusion in the overlay controls"));
        overlay.selectedProperty().bindBidirectional(vm.overlayVisibleProperty());

        for (Node n : List.of(pan, wl, zoom, invert, overlay, presets)) {
            n.setFocusTraversable(false);
        }
        return new ToolBar(open, folder, new Separator(), fit, actual, zoomIn, zoomOut, new Separator(),
                pan, wl, zoom, new Separator(), invert, reset, new Label("Preset"), presets, new Separator(), overlay);
    }

    private static Button button(String icon, String tip, Runnable action) {
        Button b = new Button(null, new FontIcon(icon));
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(e -> action.run());
        b.setFocusTraversable(false);
        return b;
    }

    private static ToggleButton modeButton(String icon, String tip, Mode mode, ToggleGroup group) {
        ToggleButton b = new ToggleButton(null, new FontIcon(icon));
        b.setTooltip(new Tooltip(tip));
        b.setUserData(mode);
        b.setToggleGroup(group);
        b.setSelected(mode == Mode.PAN);
        return b;
    }

    // ---- side panel and status bar

    /** Every screen that shows verdicts carries the intended-use notice. */
    private static Node withNotice(Node content, String id) {
        Label intended = new Label(LungLensApp.INTENDED_USE, new FontIcon("mdi2s-shield-alert-outline"));
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

        Label intended = new Label(LungLensApp.INTENDED_USE, new FontIcon("mdi2s-shield-alert-outline"));
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
