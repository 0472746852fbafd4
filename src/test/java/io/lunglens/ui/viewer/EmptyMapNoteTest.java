package io.lunglens.ui.viewer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunglens.imaging.ImageLoader;
import java.nio.file.Path;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** An all-zero evidence map is never drawn as a blank overlay: the overlay controls say what it means. */
@ExtendWith(ApplicationExtension.class)
class EmptyMapNoteTest {

    private final ViewerViewModel vm = new ViewerViewModel();

    @Start
    void start(Stage stage) {
        stage.setScene(new Scene(new OverlayControls(vm), 320, 400));
        stage.show();
    }

    @Test
    void anEmptyMapIsExplainedAndAFullOneIsDrawn(FxRobot robot) throws Exception {
        var img = ImageLoader.load(Path.of("assets/samples/covid/hann_0a7faa2a.png"));
        Label note = robot.lookup("#overlayMapNote").queryAs(Label.class);
        robot.interact(() -> {
            vm.setImage(img);
            vm.setMap(EvidenceMap.GRAD_CAM, new float[16], 4, 4);
        });
        assertNull(vm.overlayProperty().get(), "no blank overlay");
        assertTrue(note.isVisible());
        assertEquals(EvidenceMap.GRAD_CAM.emptyNote(), note.getText());

        float[] map = new float[16];
        map[5] = 1;
        robot.interact(() -> vm.setMap(EvidenceMap.OCCLUSION, map, 4, 4));
        assertTrue(note.isVisible(), "the Grad-CAM map is still the one shown");
        robot.interact(() -> vm.evidenceMapProperty().set(EvidenceMap.OCCLUSION));
        assertNotNull(vm.overlayProperty().get());
        assertFalse(note.isVisible());
        assertEquals("", note.getText());
    }
}
