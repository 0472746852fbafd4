package io.lunglens.ui.training;

import static io.lunglens.ui.FxThread.fx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunglens.model.ModelBundle;
import io.lunglens.model.ModelCard;
import io.lunglens.training.DataFolders;
import io.lunglens.training.EpochStats;
import io.lunglens.training.OverfitDetector;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** While training: time left, loss and accuracy epoch by epoch, and the overfitting flag on both charts. */
class RetrainProgressTest extends RetrainTabFixture {

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
        DataFolders.writeBlobs(tmp.resolve("data"), 15, 9);
    }

    @SuppressWarnings("unchecked")
    static List<XYChart.Series<Number, Number>> series(FxRobot robot, String chart) {
        return ((LineChart<Number, Number>) robot.lookup(chart).queryAs(LineChart.class)).getData();
    }

    static List<String> legend(FxRobot robot, String chart) {
        Node c = robot.lookup(chart).query();
        return c.lookupAll(".chart-legend-item").stream().map(n -> ((Label) n).getText()).toList();
    }

    @Test
    void showsTimeLeftAndBothCurvesEpochByEpoch(FxRobot robot) throws Exception {
        List<String> etas = new CopyOnWriteArrayList<>();
        fx(() -> {
            vm.etaProperty().addListener((o, a, b) -> etas.add(b));
            vm.settings().architectureProperty().set("tiny-resnet-lstm");
            vm.settings().text(TrainingSetting.INPUT_SIZE).set("48");
            vm.settings().text(TrainingSetting.EPOCHS).set("3");
            vm.settings().text(TrainingSetting.BATCH).set("4");
            vm.settings().text(TrainingSetting.PATIENCE).set("0");
            vm.settings().text(TrainingSetting.MODEL_NAME).set("progress");
            vm.chooseFolder(tmp.resolve("data"));
            return null;
        });
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> vm.dataReadyProperty().get()
                && vm.estimateProperty().get().startsWith("\u2248"));
        robot.clickOn("#startTraining");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> vm.runningProperty().get());
        WaitForAsyncUtils.waitFor(300, TimeUnit.SECONDS, () -> !vm.runningProperty().get());
        assertTrue(vm.statusProperty().get().startsWith("Saved"), vm.statusProperty().get());

        assertTrue(etas.stream().anyMatch(e -> e.matches("epoch [23] of 3: \\d+ s left \u00b7 run: at most \\d+ s left")),
                "time left in the epoch and the run: " + etas);
        assertEquals(1.0, vm.progressProperty().get(), 1e-9);
        ModelCard card = ModelBundle.readCard(tmp.resolve("models/progress"));
        int epochs = ((Number) card.training().get("epochsRun")).intValue();
        assertEquals(3, epochs, "patience 0 runs every epoch");
        List<XYChart.Series<Number, Number>> accuracy = series(robot, "#accuracyChart");
        assertEquals(List.of("training accuracy", "validation accuracy"),
                accuracy.stream().limit(2).map(XYChart.Series::getName).toList());
        for (XYChart.Series<Number, Number> s : accuracy.subList(0, 2)) {
            assertEquals(List.of(1, 2, 3), s.getData().stream().map(d -> d.getXValue().intValue()).toList());
            assertTrue(s.getData().stream().allMatch(d -> d.getYValue().doubleValue() >= 0
                    && d.getYValue().doubleValue() <= 1), s.getData().toString());
        }
        // The marker is there exactly when the trainer recorded an overfitting flag.
        boolean flagged = card.training().containsKey("overfitting");
        assertEquals(flagged, series(robot, "#lossChart").size() == 3);
        assertEquals(flagged, accuracy.size() == 3);
    }

    @Test
    void marksTheEpochTheDetectorFlaggedOnBothCharts(FxRobot robot) throws Exception {
        // Validation loss falls, then rises two epochs in a row while training loss keeps falling: flagged at 4.
        double[][] losses = {{0.9, 0.8}, {0.7, 0.6}, {0.5, 0.7}, {0.4, 0.9}, {0.3, 1.1}};
        OverfitDetector detector = new OverfitDetector(2);
        fx(() -> {
            vm.charts().clear(losses.length);
            for (int i = 0; i < losses.length; i++) {
                Optional<OverfitDetector.Flag> flag = detector.add(losses[i][0], losses[i][1]);
                vm.charts().add(new EpochStats(i + 1, losses[i][0], 0.5 + 0.1 * i, losses[i][1], 0.6, 10,
                        flag.isPresent()));
                if (i < 3) {
                    assertEquals(2, vm.charts().loss().size(), "no marker before the flag, epoch " + (i + 1));
                }
            }
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(4, detector.flag().orElseThrow().epoch());
        for (String chart : List.of("#lossChart", "#accuracyChart")) {
            List<XYChart.Series<Number, Number>> s = series(robot, chart);
            assertEquals(3, s.size(), chart);
            XYChart.Series<Number, Number> marker = s.get(2);
            assertEquals("overfitting flagged (epoch 4)", marker.getName());
            assertTrue(marker.getData().stream().allMatch(d -> d.getXValue().intValue() == 4), chart);
            assertTrue(legend(robot, chart).contains("overfitting flagged (epoch 4)"), legend(robot, chart).toString());
        }
        // The loss marker spans the curves, up to the highest loss drawn.
        XYChart.Series<Number, Number> lossMarker = series(robot, "#lossChart").get(2);
        assertEquals(1.1, lossMarker.getData().get(1).getYValue().doubleValue(), 1e-9);

        fx(() -> {
            vm.charts().clear(5);
            return null;
        });
        assertEquals(2, series(robot, "#lossChart").size(), "a new run starts without the marker");
        assertFalse(legend(robot, "#accuracyChart").stream().anyMatch(l -> l.startsWith("overfitting")));
    }
}
