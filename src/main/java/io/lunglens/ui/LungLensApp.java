package io.lunglens.ui;

import io.lunglens.model.ModelCard;
import io.lunglens.model.ModelRegistry;
import io.lunglens.pacs.InstanceCache;
import io.lunglens.pacs.PacsSettings;
import io.lunglens.task.CancelToken;
import io.lunglens.ui.background.FxTaskExecutor;
import io.lunglens.ui.evaluate.EvaluateViewModel;
import io.lunglens.ui.files.RecentFiles;
import io.lunglens.ui.pacs.PacsViewModel;
import io.lunglens.ui.scan.ScanViewModel;
import io.lunglens.ui.training.TrainingViewModel;
import io.lunglens.ui.viewer.EvidenceMap;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.geometry.Rectangle2D;
import javafx.stage.Screen;
import javafx.stage.Stage;

/**
 * The LungLens desktop application. An optional argument names a file or folder to open; {@code --map=occlusion}
 * starts with the occlusion map in the overlay instead of Grad-CAM.
 */
public final class LungLensApp extends Application {

    static final String INTENDED_USE_DETAIL = "LungLens shows a deep-learning model's opinion on whether a chest "
            + "X-ray looks like COVID-19 pneumonia, and maps of the regions that drove it (Grad-CAM, and occlusion: what weakens the verdict when hidden). It is meant for "
            + "research and teaching. It is not cleared for diagnosis, must not guide the care of a patient, and is "
            + "only as good as the data its model was trained on: read each model's card.";

    /** The window of the running app, for a stop signal that arrives on another thread. */
    private static volatile MainWindow shown;

    // Files are decoded on two threads; model work is serialised on one; a scan, a training and an evaluation each
    // have their own.
    private final FxTaskExecutor io = new FxTaskExecutor("lunglens-io", 2);
    private final FxTaskExecutor compute = new FxTaskExecutor("lunglens-model", 1);
    private final FxTaskExecutor scans = new FxTaskExecutor("lunglens-scan", 1);
    private final FxTaskExecutor training = new FxTaskExecutor("lunglens-training", 1);
    private final FxTaskExecutor evaluations = new FxTaskExecutor("lunglens-evaluate", 1);
    private AppController controller;
    private MainWindow window;

    @Override
    public void start(Stage stage) {
        ModelRegistry registry = ModelRegistry.standard();
        controller = new AppController(new ModelService(registry), new RecentFiles(RecentFiles.defaultStore()), io,
                compute);
        window = new MainWindow(controller, new ScanViewModel(registry, ModelRegistry.home().resolve("scans"), scans),
                new TrainingViewModel(registry, training), new EvaluateViewModel(registry, evaluations));
        window.setPacs(new PacsViewModel(ModelRegistry.home().resolve(PacsSettings.FILE_NAME),
                new InstanceCache(ModelRegistry.home().resolve("pacs-cache"), InstanceCache.DEFAULT_BYTES), io));
        shown = window;
        stage.setTitle("LungLens \u2014 " + ModelCard.INTENDED_USE);
        // As large as the screen allows: every pixel of viewer is worth having when reading a radiograph.
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        stage.setScene(window.scene(screen.getWidth(), screen.getHeight()));
        stage.setX(screen.getMinX());
        stage.setY(screen.getMinY());
        stage.setMaximized(true);
        stage.show();
        controller.start();
        EvidenceMap map = parseMap(getParameters().getNamed().get("map"));
        if (map != null) {
            controller.viewer().evidenceMapProperty().set(map);
        }
        List<String> args = getParameters().getUnnamed();
        if (!args.isEmpty()) {
            controller.open(Path.of(args.get(0)).toAbsolutePath());
        } else if (controller.recent().list().isEmpty()) {
            // First start: show what LungLens does on a real sample rather than an empty window.
            controller.openSamples();
        }
    }

    /** After the window closed (Quit, the close button, or a signal): stop training and scans, then the models. */
    @Override
    public void stop() {
        if (window != null) {
            window.close();
        }
        controller.close();
        for (FxTaskExecutor e : List.of(io, compute, scans, training, evaluations)) {
            e.close();
        }
    }

    /** grad-cam or occlusion (any case, '-' or '_'); null for null or anything else. */
    public static EvidenceMap parseMap(String name) {
        if (name == null) {
            return null;
        }
        String key = name.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        for (EvidenceMap m : EvidenceMap.values()) {
            if (m.name().equals(key)) {
                return m;
            }
        }
        return null;
    }

    /**
     * Shows the window and returns once it has closed. Cancelling stop closes it as Quit does, so a running
     * training or scan stops between batches before the JVM exits.
     */
    public static void launch(Path file, String map, CancelToken stop) {
        stop.whenCancelled(() -> {
            // On the signal's thread: training and scans stop between batches first, then the window closes.
            MainWindow w = shown;
            if (w != null) {
                w.close();
            }
            Platform.exit();
        });
        List<String> args = new ArrayList<>();
        if (map != null) {
            args.add("--map=" + map);
        }
        if (file != null) {
            args.add(file.toString());
        }
        launch(LungLensApp.class, args.toArray(String[]::new));
    }

    /** For mvn javafx:run; users start the window with {@code lunglens gui}, which checks its arguments first. */
    public static void main(String[] args) {
        launch(args);
    }
}
