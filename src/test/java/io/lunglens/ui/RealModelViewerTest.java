package io.lunglens.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunglens.model.Architecture;
import io.lunglens.model.EngineBootstrap;
import io.lunglens.model.ModelBundle;
import io.lunglens.model.ModelCard;
import io.lunglens.model.ModelRegistry;
import io.lunglens.ui.files.RecentFiles;
import io.lunglens.ui.viewer.EvidenceMap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.image.Image;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The viewer on the real Classifier (DJL, PyTorch) with a tiny bundle saved and loaded through the registry. */
@ExtendWith(ApplicationExtension.class)
class RealModelViewerTest {

    @TempDir
    static Path tmp;

    final Workers workers = new Workers();
    AppController app;
    MainWindow window;

    @Start
    void start(Stage stage) throws Exception {
        Path models = tmp.resolve("models");
        if (!Files.isDirectory(models.resolve("tiny"))) {
            EngineBootstrap.engine().setRandomSeed(11);
            ModelCard card = ModelCard.draft("tiny", Architecture.TINY, 64, true);
            try (ModelBundle fresh = ModelBundle.fresh(card)) {
                ModelBundle.save(models.resolve("tiny"), fresh.network(), card);
            }
            // A second bundle whose weights are damaged: it is listed, but fails to load.
            // Held in a variable: an unreferenced bundle can be collected, and its native arrays freed, mid-save.
            try (ModelBundle other = ModelBundle.fresh(card)) {
                ModelBundle.save(models.resolve("zz-damaged"), other.network(), card);
            }
            Path w = models.resolve("zz-damaged").resolve(ModelBundle.WEIGHTS_FILE);
            Files.write(w, Arrays.copyOf(Files.readAllBytes(w), 1000));
        }
        ModelRegistry registry = new ModelRegistry(models, tmp.resolve("home"));
        app = workers.controller(new ModelService(registry), new RecentFiles(tmp.resolve("recent.txt")));
        window = workers.window(app, registry, tmp.resolve("home"));
        stage.setScene(window.scene(1100, 760));
        stage.show();
        app.start();
    }

    @AfterEach
    void close() {
        FxThread.fx(() -> {
            app.close();
            return null;
        });
        workers.close();
    }

    int maxAlpha() {
        return FxThread.fx(() -> {
            Image ov = window.viewer().overlayView().getImage();
            int[] hot = ViewerWindowTest.hottest(ov);
            return ViewerWindowTest.alpha(ov, hot[0], hot[1]);
        });
    }

    @Test
    void aRealModelGivesVerdictAndOverlayForARealSample(FxRobot robot) {
        ViewerWindowTest.waitUntil(() -> app.explainer() != null);
        assertEquals(List.of("tiny", "zz-damaged"), app.models().names());
        robot.interact(() -> app.open(ViewerWindowTest.COVID));
        ViewerWindowTest.waitUntil(() -> ViewerWindowTest.COVID.equals(app.verdict().sourceProperty().get())
                && !app.verdict().labelProperty().get().isEmpty()
                && app.viewer().hasMap(EvidenceMap.GRAD_CAM));

        String label = FxThread.fx(() -> robot.lookup("#verdictLabel").queryAs(Label.class).getText());
        assertTrue(List.of("Normal", "COVID-19").contains(label), label);
        double p = FxThread.fx(() -> app.verdict().positiveProperty().get());
        assertTrue(p >= 0 && p <= 1, "p = " + p);
        assertTrue(FxThread.fx(() -> robot.lookup("#verdictProbability").queryAs(Label.class).getText())
                .startsWith("P(COVID-19) = "));
        assertTrue(robot.lookup("#syntheticBadge").query().isVisible());
        assertTrue(FxThread.fx(() -> robot.lookup("#verdictModel").queryAs(Label.class).getText())
                .contains("tiny v1 (tiny-resnet-lstm)"));
        assertEquals(List.of("Normal", "COVID-19"), FxThread.fx(() -> List.copyOf(app.viewer().getCamClasses())));
        assertEquals(1, FxThread.fx(() -> app.viewer().camClassProperty().get()));

        // The map is not blank: on a worker thread a wrong autograd mode silently gives all-zero maps. A random network
        // may give one class an empty map (ReLU of a negative sum), hardly both; an empty one is a note, not an overlay.
        if (FxThread.fx(() -> window.viewer().overlayView().getImage()) == null) {
            assertEquals(EvidenceMap.GRAD_CAM.emptyNote(), FxThread.fx(() -> app.viewer().mapNoteProperty().get()));
            robot.interact(() -> app.viewer().camClassProperty().set(0));
            ViewerWindowTest.waitUntil(() -> !app.verdict().labelProperty().get().isEmpty()
                    && window.viewer().overlayView().getImage() != null);
        }
        assertEquals(255, maxAlpha());
        // The Grad-CAM map comes at the image's own size, so it overlays pixel for pixel.
        assertEquals(app.viewer().getImage().width(), (int) window.viewer().overlayView().getImage().getWidth());

        // The occlusion map follows the verdict; choosing it in the overlay controls shows it instead.
        ViewerWindowTest.waitUntil(() -> app.viewer().hasMap(EvidenceMap.OCCLUSION));
        Image gradCam = window.viewer().overlayView().getImage();
        @SuppressWarnings("unchecked")
        ChoiceBox<EvidenceMap> map = robot.lookup("#overlayMap").queryAs(ChoiceBox.class);
        assertEquals(EvidenceMap.GRAD_CAM, FxThread.fx(map::getValue));
        robot.interact(() -> map.setValue(EvidenceMap.OCCLUSION));
        assertEquals(EvidenceMap.OCCLUSION, FxThread.fx(() -> app.viewer().evidenceMapProperty().get()));
        Image occlusion = window.viewer().overlayView().getImage();
        assertNotNull(occlusion);
        assertNotSame(gradCam, occlusion);
        assertEquals(app.viewer().getImage().width(), (int) occlusion.getWidth());
        robot.interact(() -> map.setValue(EvidenceMap.GRAD_CAM));
        // A damaged bundle is reported in one line; the working model stays.
        Explainer before = app.explainer();
        robot.interact(() -> app.selectModel("zz-damaged"));
        ViewerWindowTest.waitUntil(() -> window.notifications().isShowing());
        String note = window.notifications().getText();
        assertTrue(note.contains("zz-damaged") && note.contains("checksum"), note);
        assertEquals(before, app.explainer());
        assertNotNull(app.explainer());
    }

    @Test
    void aScreenshotOpensButGetsNoVerdictUntilAskedAndThenOneMarkedUnreliable(FxRobot robot) {
        ViewerWindowTest.waitUntil(() -> app.explainer() != null);
        Path screenshot = Path.of("docs/screenshots/retrain.png").toAbsolutePath();
        robot.interact(() -> app.open(screenshot));
        ViewerWindowTest.waitUntil(() -> screenshot.equals(app.verdict().sourceProperty().get())
                && app.verdict().gatedProperty().get());
        assertNotNull(app.viewer().getImage(), "a refused image still opens, to be windowed and zoomed");
        assertEquals("", FxThread.fx(() -> robot.lookup("#verdictLabel").queryAs(Label.class).getText()));
        assertTrue(FxThread.fx(() -> robot.lookup("#gateReason").queryAs(Label.class).getText())
                .contains("does not look like a frontal chest X-ray"));
        assertTrue(robot.lookup("#gateReason").query().isVisible());
        assertTrue(FxThread.fx(() -> robot.lookup("#verdictStatus").queryAs(Label.class).getText())
                .contains("not a frontal chest X-ray"));
        CheckBox anyway = robot.lookup("#showVerdictAnyway").queryAs(CheckBox.class);
        assertTrue(anyway.isVisible());
        assertTrue(!anyway.isSelected(), "off by default");
        assertTrue(!robot.lookup("#unreliableVerdict").query().isVisible());
        assertTrue(!robot.lookup("#shortcutWarning").query().isVisible(), "no verdict, nothing for it to qualify");
        ViewerWindowTest.waitUntil(() -> app.viewer().hasMap(EvidenceMap.GRAD_CAM));
        assertEquals(null, FxThread.fx(() -> window.viewer().overlayView().getImage()),
                "a map drawn alone would read as a verdict");
        assertTrue(FxThread.fx(() -> app.viewer().mapNoteProperty().get()).contains("input gate refused"));
        assertTrue(!FxThread.fx(() -> app.viewer().hasMap(EvidenceMap.OCCLUSION)),
                "no shortcut check for a verdict nobody is shown");

        robot.clickOn(anyway);
        ViewerWindowTest.waitUntil(() -> !app.verdict().labelProperty().get().isEmpty());
        assertTrue(List.of("Normal", "COVID-19").contains(
                FxThread.fx(() -> robot.lookup("#verdictLabel").queryAs(Label.class).getText())));
        assertTrue(robot.lookup("#unreliableVerdict").query().isVisible());
        assertNotNull(FxThread.fx(() -> window.viewer().overlayView().getImage()), "the map comes with it");
        // The shortcut check waited for the verdict to be asked for; it runs now.
        ViewerWindowTest.waitUntil(() -> app.viewer().hasMap(EvidenceMap.OCCLUSION));

        robot.interact(() -> app.open(ViewerWindowTest.COVID));
        ViewerWindowTest.waitUntil(() -> ViewerWindowTest.COVID.equals(app.verdict().sourceProperty().get())
                && !app.verdict().labelProperty().get().isEmpty());
        assertTrue(!FxThread.fx(() -> app.verdict().gatedProperty().get()), "a real frontal film passes");
        assertTrue(!anyway.isVisible() && !anyway.isSelected());
    }
}
