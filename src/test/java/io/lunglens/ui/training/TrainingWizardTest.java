package io.lunglens.ui.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunglens.training.DataFolders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.chart.LineChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The retrain wizard on the real trainer (tiny network, 64²) under Monocle. */
@ExtendWith(ApplicationExtension.class)
class TrainingWizardTest {

    @TempDir
    static Path tmp;

    TrainingViewModel vm;

    @BeforeAll
    static void data() throws Exception {
        DataFolders.writeBlobs(tmp.resolve("data"), 15, 4);
        Files.writeString(tmp.resolve("data/phantoms.csv"), "file,label\n");
    }

    @Start
    void start(Stage stage) {
        vm = new TrainingViewModel(tmp.resolve("models"));
        vm.architectureProperty().set("tiny-resnet-lstm");
        stage.setScene(new Scene(new TrainingView(vm).getRoot(), 900, 900));
        stage.show();
    }

    @AfterEach
    void close() {
        vm.close();
    }

    static <T> T fx(Callable<T> c) throws Exception {
        AtomicReference<T> out = new AtomicReference<>();
        WaitForAsyncUtils.asyncFx(() -> {
            try {
                out.set(c.call());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).get(10, TimeUnit.SECONDS);
        return out.get();
    }

    void choose(FxRobot robot, int epochs) throws Exception {
        fx(() -> {
            vm.inputSizeProperty().unbind();
            vm.inputSizeProperty().set(64);
            vm.epochsProperty().unbind();
            vm.epochsProperty().set(epochs);
            vm.learningRateProperty().set(3e-3);
            vm.chooseFolder(tmp.resolve("data"));
            return null;
        });
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> vm.dataReadyProperty().get());
        String summary = robot.lookup("#dataSummary").queryAs(Label.class).getText();
        assertTrue(summary.contains("clear: 15, lesion: 15"), summary);
        assertTrue(summary.contains("train 22, validation 4, test 4"), summary);
        assertTrue(summary.contains("synthetic phantoms"), summary);
    }

    @Test
    void trainsShowingBothLossCurvesThenTheTestMetrics(FxRobot robot) throws Exception {
        choose(robot, 2);
        fx(() -> {
            vm.modelNameProperty().set("wizard");
            return null;
        });
        robot.clickOn("#startTraining");
        WaitForAsyncUtils.waitFor(240, TimeUnit.SECONDS,
                () -> !vm.runningProperty().get() && !vm.resultProperty().get().isEmpty());
        LineChart<?, ?> chart = robot.lookup("#lossChart").queryAs(LineChart.class);
        assertEquals(2, chart.getData().size());
        assertEquals(2, chart.getData().get(0).getData().size(), "a training-loss point per epoch");
        assertEquals(2, chart.getData().get(1).getData().size(), "a validation-loss point per epoch");
        String result = robot.lookup("#trainingResult").queryAs(TextArea.class).getText();
        assertTrue(result.contains("| accuracy |") && result.contains("synthetic phantoms"), result);
        assertTrue(Files.isRegularFile(tmp.resolve("models/wizard/model.json")));
        assertEquals("Research use only — not a medical device",
                robot.lookup("#trainingIntendedUse").queryAs(Label.class).getText());
    }

    @Test
    void cancelSavesNothing(FxRobot robot) throws Exception {
        choose(robot, 200);
        fx(() -> {
            vm.modelNameProperty().set("cancelled");
            return null;
        });
        robot.clickOn("#startTraining");
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> !vm.trainLoss().getData().isEmpty());
        robot.clickOn("#cancelTraining");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !vm.runningProperty().get());
        String status = robot.lookup("#trainingStatus").queryAs(Label.class).getText();
        assertTrue(status.startsWith("Cancelled"), status);
        assertFalse(robot.lookup("#startTraining").queryAs(Button.class).isDisabled());
        // Let the trainer reach its next cancellation check, then make sure it wrote nothing.
        Thread.sleep(2000);
        assertFalse(Files.exists(tmp.resolve("models/cancelled")));
    }
}
