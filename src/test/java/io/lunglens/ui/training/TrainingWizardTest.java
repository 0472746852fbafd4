package io.lunglens.ui.training;

import static io.lunglens.ui.FxThread.fx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lunglens.model.Architecture;
import io.lunglens.model.BackboneImport;
import io.lunglens.model.ModelBundle;
import io.lunglens.model.ModelCard;
import io.lunglens.model.ModelRegistry;
import io.lunglens.synth.PhantomSpec;
import io.lunglens.synth.SynthJob;
import io.lunglens.task.Progress;
import io.lunglens.training.DataFolders;
import io.lunglens.ui.background.FxTaskExecutor;
import io.lunglens.ui.evaluate.EvaluateViewModel;
import io.lunglens.ui.training.TrainingSettings.StartFrom;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.chart.LineChart;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
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

    final FxTaskExecutor training = new FxTaskExecutor("test-training", 1);
    TrainingViewModel vm;

    @BeforeAll
    static void data() throws Exception {
        DataFolders.writeBlobs(tmp.resolve("data"), 15, 4);
        Files.writeString(tmp.resolve("data/phantoms.csv"), "file,label\n");
    }

    @Start
    void start(Stage stage) {
        vm = new TrainingViewModel(new ModelRegistry(tmp.resolve("shipped"), tmp), training);
        vm.settings().architectureProperty().set("tiny-resnet-lstm");
        stage.setScene(new Scene(new TrainingView(vm).getRoot(), 800, 700));
        stage.show();
    }

    @AfterEach
    void close() {
        vm.close();
        training.close();
    }

    void set(TrainingSetting s, String text) {
        vm.settings().text(s).set(text);
    }

    void choose(FxRobot robot, int epochs) throws Exception {
        fx(() -> {
            set(TrainingSetting.INPUT_SIZE, "64");
            set(TrainingSetting.EPOCHS, "" + epochs);
            set(TrainingSetting.LEARNING_RATE, "0.003");
            vm.chooseFolder(tmp.resolve("data"));
            return null;
        });
        // Choosing the same folder again re-reads it: wait for this reading's summary, not the last one's.
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> vm.dataReadyProperty().get()
                && !vm.dataSummaryProperty().get().startsWith("Reading"));
        WaitForAsyncUtils.waitForFxEvents();
        String summary = robot.lookup("#dataSummary").queryAs(Label.class).getText();
        assertTrue(summary.contains("clear: 15, lesion: 15"), summary);
        assertTrue(summary.contains("train 22, validation 4, test 4"), summary);
        assertTrue(summary.contains("synthetic phantoms"), summary);
    }

    @Test
    void theDataStepListsImagesThatAreNotFrontalAndCanLeaveThemOut(FxRobot robot) throws Exception {
        Path data = tmp.resolve("films");
        new SynthJob(data, 5, 8, PhantomSpec.standard(128), false)
                .run(Progress.none());
        Files.copy(Path.of("docs/screenshots/retrain.png"), data.resolve("COVID/images/screenshot.png"));
        fx(() -> {
            vm.chooseFolder(data);
            return null;
        });
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> vm.dataReadyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        Label summary = robot.lookup("#dataSummary").queryAs(Label.class);
        assertTrue(fx(summary::getText).contains("COVID: 6, Normal: 5"), fx(summary::getText));
        assertTrue(fx(summary::getText).contains("\n1 image(s) fail the frontal chest X-ray check (kept):"
                + " COVID/images/screenshot.png"), fx(summary::getText));
        CheckBox leaveOut = robot.lookup("#excludeNotFrontal").queryAs(CheckBox.class);
        assertTrue(leaveOut.isVisible());
        assertEquals("Leave out the 1 image(s) that are not frontal chest X-rays", fx(leaveOut::getText));

        robot.clickOn(leaveOut);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(fx(summary::getText).contains("COVID: 5, Normal: 5"), fx(summary::getText));
        assertTrue(fx(summary::getText).contains("(left out)"), fx(summary::getText));
        assertTrue(vm.dataReadyProperty().get());
    }

    @Test
    void theDataStepWarnsWhenFileSizeAloneTellsTheClasses(FxRobot robot) throws Exception {
        Path small = tmp.resolve("s128");
        Path large = tmp.resolve("s256");
        new io.lunglens.synth.SynthJob(small, 6, 3, io.lunglens.synth.PhantomSpec.standard(128), false)
                .run(io.lunglens.task.Progress.none());
        new io.lunglens.synth.SynthJob(large, 6, 4, io.lunglens.synth.PhantomSpec.standard(256), false)
                .run(io.lunglens.task.Progress.none());
        Path mixed = Files.createDirectories(tmp.resolve("mixed"));
        Files.move(small.resolve("COVID"), mixed.resolve("COVID"));
        Files.move(large.resolve("Normal"), mixed.resolve("Normal"));
        fx(() -> {
            vm.chooseFolder(mixed);
            return null;
        });
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> vm.dataReadyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        Label warning = robot.lookup("#auditWarning").queryAs(Label.class);
        assertTrue(warning.isVisible());
        assertTrue(fx(warning::getText).startsWith("Possible shortcut in the data: ")
                && fx(warning::getText).contains("image size"), fx(warning::getText));
    }

    @Test
    void trainsShowingBothLossCurvesThenTheTestMetrics(FxRobot robot) throws Exception {
        choose(robot, 2);
        fx(() -> {
            set(TrainingSetting.MODEL_NAME, "wizard");
            return null;
        });
        // Before the start: the run's duration from a training step measured on this machine.
        Label estimate = robot.lookup("#estimate").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> estimate.getText().startsWith("\u2248"));
        assertTrue(fx(estimate::getText).matches("\u2248 \\d+ (s|min) on this machine \\(\\S+ s per step, measured\\)"),
                fx(estimate::getText));
        robot.clickOn("#startTraining");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> vm.runningProperty().get());
        WaitForAsyncUtils.waitFor(300, TimeUnit.SECONDS, () -> !vm.runningProperty().get());
        assertTrue(vm.statusProperty().get().startsWith("Saved"), vm.statusProperty().get());
        LineChart<?, ?> chart = robot.lookup("#lossChart").queryAs(LineChart.class);
        assertEquals(2, chart.getData().size());
        assertEquals(2, chart.getData().get(0).getData().size(), "a training-loss point per epoch");
        assertEquals(2, chart.getData().get(1).getData().size(), "a validation-loss point per epoch");
        String result = fx(() -> robot.lookup("#trainingResult").queryAs(Label.class).getText());
        assertTrue(result.contains("accuracy") && result.contains("synthetic phantoms"), result);
        assertTrue(Files.isRegularFile(tmp.resolve("models/wizard/model.json")), vm.statusProperty().get());
        assertTrue(Files.isRegularFile(tmp.resolve("models/wizard/report/report.pdf")), "the run's PDF report");
        // "Open the test results" hands this run to the Evaluate view, which shows it without scoring again.
        EvaluateViewModel results = new EvaluateViewModel(new ModelRegistry(tmp.resolve("shipped"), tmp), training);
        fx(() -> {
            vm.setOnOpenResult(results::showTrained);
            return null;
        });
        Button open = robot.lookup("#openTrainingResult").queryAs(Button.class);
        assertTrue(fx(open::isVisible), "shown once a run has saved its model");
        fx(() -> {
            open.fire();
            return null;
        });
        int scored = vm.outcomeProperty().get().test().rows().size();
        assertEquals(String.valueOf(scored), fx(() -> results.metrics().get(0).value()), "Images scored");
        assertEquals("Accuracy", fx(() -> results.metrics().get(1).metric()));
        assertEquals(vm.outcomeProperty().get().test().rows().size(), fx(() -> results.images().size()));
        // The shortcut warning above the table follows the check saved in the card.
        boolean suspected = new ObjectMapper()
                .readTree(tmp.resolve("models/wizard/model.json").toFile()).path("testMetrics").path("shortcutSuspected")
                .asBoolean();
        Label warning = robot.lookup("#trainingShortcutWarning").queryAs(Label.class);
        assertEquals(suspected, warning.isVisible());
        assertEquals(suspected, fx(warning::getText).startsWith("Possible shortcut: hiding the lungs"));
        assertEquals("Research use only — not a medical device",
                robot.lookup("#trainingIntendedUse").queryAs(Label.class).getText());
    }

    @Test
    void startsFromAnImportedBackboneChosenInTheWizard(FxRobot robot) throws Exception {
        Path pt = tmp.resolve("tiny-resnet.pt");
        try (InputStream in = getClass().getResourceAsStream("/model/import/tiny-resnet.pt")) {
            Files.copy(in, pt, StandardCopyOption.REPLACE_EXISTING);
        }
        Path bb = tmp.resolve("backbones/tiny-bb");
        BackboneImport.run(pt, bb, "tiny-bb", Architecture.TINY, "test weights");
        choose(robot, 2);
        assertTrue(robot.lookup("#freezeEpochs").query().isDisabled(), "nothing to freeze with random weights");
        fx(() -> {
            vm.settings().setBundles(List.of(new StartFrom("Backbone: tiny-bb", bb, "tiny-resnet-lstm")));
            set(TrainingSetting.MODEL_NAME, "from-backbone");
            set(TrainingSetting.FREEZE_EPOCHS, "2");
            set(TrainingSetting.BACKBONE_LR_FACTOR, "0.1");
            return null;
        });
        robot.clickOn("#startFrom").clickOn("Backbone: tiny-bb");
        assertFalse(robot.lookup("#freezeEpochs").query().isDisabled());
        robot.clickOn("#startTraining");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> vm.runningProperty().get());
        WaitForAsyncUtils.waitFor(300, TimeUnit.SECONDS, () -> !vm.runningProperty().get());
        assertTrue(vm.statusProperty().get().startsWith("Saved"), vm.statusProperty().get());
        ModelCard card = ModelBundle.readCard(tmp.resolve("models/from-backbone"));
        @SuppressWarnings("unchecked")
        Map<String, Object> init = (Map<String, Object>) card.training().get("initialisation");
        assertEquals("tiny-bb", init.get("from"));
        assertEquals(2, ((Number) init.get("freezeEpochs")).intValue());
        assertEquals(0.1, ((Number) init.get("backboneLrFactor")).doubleValue(), 1e-12);
    }

    @Test
    void cancelSavesNothing(FxRobot robot) throws Exception {
        choose(robot, 200);
        // Its own name: a cancelled run keeps its checkpoints for Resume, and Start refuses a name that has some.
        String name = "cancelled-" + UUID.randomUUID().toString().substring(0, 8);
        fx(() -> {
            set(TrainingSetting.MODEL_NAME, name);
            return null;
        });
        robot.clickOn("#startTraining");
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> !vm.charts().loss().get(0).getData().isEmpty());
        robot.clickOn("#cancelTraining");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !vm.runningProperty().get());
        String status = robot.lookup("#trainingStatus").queryAs(Label.class).getText();
        assertTrue(status.startsWith("Cancelled"), status);
        assertFalse(robot.lookup("#startTraining").queryAs(Button.class).isDisabled());
        // "Not running" comes once the trainer has stopped at its next check and cleaned up.
        assertFalse(Files.exists(tmp.resolve("models").resolve(name)));
        try (var left = Files.list(Files.createDirectories(tmp.resolve("models")))) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().contains(name)).toList(),
                    "no bundle and no temporary folder");
        }
        assertTrue(vm.getResumableRuns().stream().anyMatch(r -> r.name().equals(name)), "offered to Resume");
    }
}
