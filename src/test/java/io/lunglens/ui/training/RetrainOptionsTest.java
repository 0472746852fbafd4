package io.lunglens.ui.training;

import static io.lunglens.ui.FxThread.fx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lunglens.model.ModelBundle;
import io.lunglens.model.ModelCard;
import io.lunglens.training.Augmentation;
import io.lunglens.training.DataFolders;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Every option of {@code lunglens train} in the Retrain tab, on the real trainer (tiny network) under Monocle. */
class RetrainOptionsTest extends RetrainTabFixture {

    @TempDir
    static Path tmp;

    @Override
    Path home() {
        return tmp;
    }

    @Start
    void start(Stage stage) {
        show(stage);
    }

    @BeforeAll
    static void data() throws Exception {
        DataFolders.writeBlobs(tmp.resolve("data"), 14, 5);
        // A third class folder, so that choosing two of them matters.
        DataFolders.writeBlobs(tmp.resolve("more"), 6, 6);
        java.nio.file.Files.move(tmp.resolve("more/lesion"), tmp.resolve("data/other"));
    }

    void set(TrainingSetting s, String text) throws Exception {
        fx(() -> {
            vm.settings().text(s).set(text);
            return null;
        });
    }

    void awaitData() throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> vm.dataReadyProperty().get()
                && !vm.dataSummaryProperty().get().startsWith("Reading"));
        WaitForAsyncUtils.waitForFxEvents();
    }

    void train(FxRobot robot) throws Exception {
        robot.clickOn("#startTraining");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> vm.runningProperty().get());
        WaitForAsyncUtils.waitFor(300, TimeUnit.SECONDS, () -> !vm.runningProperty().get());
        assertTrue(vm.statusProperty().get().startsWith("Saved"), vm.statusProperty().get());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> training(Path bundle) throws Exception {
        return (Map<String, Object>) new ObjectMapper().readValue(bundle.resolve("model.json").toFile(), Map.class)
                .get("training");
    }

    @Test
    void everyOptionReachesTheConfigurationTheModelWasTrainedWith(FxRobot robot) throws Exception {
        fx(() -> {
            vm.settings().architectureProperty().set("tiny-resnet-lstm");
            vm.chooseFolder(tmp.resolve("data"));
            return null;
        });
        awaitData();
        assertEquals(List.of("clear", "lesion", "other"), fx(() -> List.copyOf(vm.settings().getClassOptions())));
        fx(() -> {
            vm.settings().firstClassProperty().set("lesion");
            vm.settings().secondClassProperty().set("clear");
            vm.settings().positiveProperty().set("clear");
            return null;
        });
        for (Object[] s : new Object[][] {{TrainingSetting.INPUT_SIZE, "48"}, {TrainingSetting.EPOCHS, "2"},
                {TrainingSetting.BATCH, "4"}, {TrainingSetting.MODEL_NAME, "every-option"},
                {TrainingSetting.SPLIT, "70/15/15"}, {TrainingSetting.SEED, "7"},
                {TrainingSetting.LEARNING_RATE, "0.002"}, {TrainingSetting.WEIGHT_DECAY, "0.0001"},
                {TrainingSetting.PATIENCE, "1"}, {TrainingSetting.OVERFIT_EPOCHS, "3"}}) {
            set((TrainingSetting) s[0], (String) s[1]);
        }
        // The cap and augmentation through the folded "Advanced" controls themselves.
        // Unfolded directly: a click on its title could land on the row that moves when the estimate arrives.
        TitledPane advanced = robot.lookup("#advancedSettings").queryAs(TitledPane.class);
        robot.interact(() -> advanced.setExpanded(true));
        WaitForAsyncUtils.waitForFxEvents();
        TextField cap = robot.lookup("#perClass").queryAs(TextField.class);
        robot.doubleClickOn(cap).eraseText(3).write("10");
        robot.clickOn("#augmentation");
        awaitData();
        assertTrue(vm.dataSummaryProperty().get().startsWith("lesion: 10, clear: 10 (positive: clear)"),
                vm.dataSummaryProperty().get());
        train(robot);

        ModelCard card = ModelBundle.readCard(tmp.resolve("models/every-option"));
        assertEquals(List.of("lesion", "clear"), card.classes());
        assertEquals("clear", card.positiveClass());
        assertEquals(48, card.inputSize());
        assertEquals("tiny-resnet-lstm", card.architecture());
        Map<String, Object> t = training(tmp.resolve("models/every-option"));
        assertEquals(List.of(10, 10), t.get("countsPerClass"));
        assertEquals("70/15/15", t.get("split"));
        assertEquals(7, ((Number) t.get("splitSeed")).intValue());
        assertEquals(7, ((Number) t.get("seed")).intValue());
        assertEquals(4, t.get("batchSize"));
        assertEquals(2, t.get("maxEpochs"));
        assertEquals(0.002, (Double) t.get("learningRate"), 1e-12);
        assertEquals(1e-4, (Double) t.get("weightDecay"), 1e-12);
        assertEquals(1, t.get("patience"));
        assertEquals(3, t.get("overfitEpochs"));
        assertTrue(new ObjectMapper().convertValue(t.get("augmentation"), Augmentation.class).changesNothing(),
                "augmentation off: " + t.get("augmentation"));
        assertEquals("random", t.get("initialisation"));
    }

    @Test
    void aValueOutOfRangeIsNamedInOneLineAndBlocksTheStart(FxRobot robot) throws Exception {
        fx(() -> {
            vm.settings().architectureProperty().set("tiny-resnet-lstm");
            vm.chooseFolder(tmp.resolve("data"));
            return null;
        });
        awaitData();
        Label problem = robot.lookup("#settingsProblem").queryAs(Label.class);
        Button start = robot.lookup("#startTraining").queryAs(Button.class);
        assertFalse(problem.isVisible());
        assertFalse(start.isDisabled());
        set(TrainingSetting.BATCH, "1");
        assertEquals("batch size must be at least 2 (BatchNorm), was 1", fx(problem::getText));
        assertTrue(problem.isVisible() && start.isDisabled());
        set(TrainingSetting.BATCH, "8");
        set(TrainingSetting.LEARNING_RATE, "fast");
        assertEquals("Learning rate: not a number: 'fast'", fx(problem::getText));
        set(TrainingSetting.LEARNING_RATE, "0.0003");
        set(TrainingSetting.SPLIT, "80/20/10");
        assertEquals("split percentages must be positive and add up to 100, was 80/20/10", fx(problem::getText));
        set(TrainingSetting.SPLIT, "80/10/10");
        assertFalse(problem.isVisible());
        assertFalse(start.isDisabled());
    }

    @Test
    void fineTunesAnyTrainedModelChosenInTheTab(FxRobot robot) throws Exception {
        fx(() -> {
            vm.settings().architectureProperty().set("tiny-resnet-lstm");
            vm.chooseFolder(tmp.resolve("data"));
            return null;
        });
        awaitData();
        set(TrainingSetting.INPUT_SIZE, "48");
        set(TrainingSetting.EPOCHS, "1");
        set(TrainingSetting.MODEL_NAME, "base");
        train(robot);
        assertTrue(robot.lookup("#freezeEpochs").query().isDisabled(), "nothing to freeze in random weights");

        fx(() -> {
            vm.refreshStartOptions();
            return null;
        });
        robot.clickOn("#startFrom").clickOn("Fine-tune: base (clear/lesion)");
        assertFalse(robot.lookup("#freezeEpochs").query().isDisabled());
        assertFalse(robot.lookup("#backboneLrFactor").query().isDisabled());
        set(TrainingSetting.FREEZE_EPOCHS, "1");
        set(TrainingSetting.BACKBONE_LR_FACTOR, "0.5");
        set(TrainingSetting.EPOCHS, "2");
        set(TrainingSetting.MODEL_NAME, "tuned");
        train(robot);

        ModelCard card = ModelBundle.readCard(tmp.resolve("models/tuned"));
        @SuppressWarnings("unchecked")
        Map<String, Object> init = (Map<String, Object>) card.training().get("initialisation");
        assertEquals("base", init.get("from"));
        assertEquals("backbone and head", init.get("copied"));
        assertEquals(1, ((Number) init.get("freezeEpochs")).intValue());
        assertEquals(0.5, ((Number) init.get("backboneLrFactor")).doubleValue(), 1e-12);
    }
}
