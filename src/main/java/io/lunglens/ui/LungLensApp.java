package io.lunglens.ui;

import io.lunglens.model.ModelRegistry;
import io.lunglens.ui.files.RecentFiles;
import io.lunglens.ui.viewer.EvidenceMap;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javafx.application.Application;
import javafx.geometry.Rectangle2D;
import javafx.stage.Screen;
import javafx.stage.Stage;

/**
 * The LungLens desktop application. An optional argument names a file or folder to open; {@code --map=occlusion}
 * starts with the occlusion map in the overlay instead of Grad-CAM.
 */
public final class LungLensApp extends Application {

    public static final String INTENDED_USE = "Research use only — not a medical device";
    static final String INTENDED_USE_DETAIL = "LungLens shows a deep-learning model's opinion on whether a chest "
            + "X-ray looks like COVID-19 pneumonia, and maps of the regions that drove it (Grad-CAM, and occlusion: what weakens the verdict when hidden). It is meant for "
            + "research and teaching. It is not cleared for diagnosis, must not guide the care of a patient, and is "
            + "only as good as the data its model was trained on: read each model's card.";

    private AppController controller;

    @Override
    public void start(Stage stage) {
        controller = new AppController(new ModelService(ModelRegistry.standard()), new RecentFiles(RecentFiles.defaultStore()));
        MainWindow window = new MainWindow(controller);
        stage.setTitle("LungLens \u2014 " + INTENDED_USE);
        // As large as the screen allows: every pixel of viewer is worth having when reading a radiograph.
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        stage.setScene(window.scene(screen.getWidth(), screen.getHeight()));
        stage.setX(screen.getMinX());
        stage.setY(screen.getMinY());
        stage.setMaximized(true);
        stage.show();
        controller.start();
        String map = getParameters().getNamed().get("map");
        if (map != null) {
            controller.viewer().evidenceMapProperty().set(EvidenceMap.valueOf(map.toUpperCase(Locale.ROOT).replace('-', '_')));
        }
        List<String> args = getParameters().getUnnamed();
        if (!args.isEmpty()) {
            controller.open(Path.of(args.get(0)).toAbsolutePath());
        } else if (controller.recent().list().isEmpty()) {
            // First start: show what LungLens does on a real sample rather than an empty window.
            controller.openSamples();
        }
    }

    @Override
    public void stop() {
        controller.close();
    }

    public static void main(String[] args) {
        launch(args);
    }
}
