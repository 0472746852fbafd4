package io.lunglens.ui.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lunglens.task.CancelledException;
import io.lunglens.task.Progress;
import io.lunglens.training.Augmentation;
import io.lunglens.training.BundleTrainer;
import io.lunglens.training.DataFolders;
import io.lunglens.training.EpochListener;
import io.lunglens.training.EpochStats;
import io.lunglens.training.FolderDataset;
import io.lunglens.training.RunFolder;
import io.lunglens.training.Split;
import io.lunglens.training.TrainConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.scene.control.Button;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** A run stopped after its first epoch shows beside Resume, and Resume finishes it: model saved, run folder gone. */
class RetrainResumeTest extends RetrainTabFixture {

    @TempDir
    static Path tmp;
    static String name;
    static Path out;

    @Override
    Path home() {
        return tmp;
    }

    @Start
    void start(Stage stage) {
        show(stage);
    }

    @BeforeAll
    static void interruptedRun() throws Exception {
        DataFolders.writeBlobs(tmp.resolve("data"), 12, 4);
        FolderDataset data = FolderDataset.open(tmp.resolve("data"), List.of(), "lesion", 0, 1);
        Split split = Split.of(data, Split.parsePercent("60/20/20"), 3);
        TrainConfig cfg = TrainConfig.builder().architecture("tiny-resnet-lstm").inputSize(32).batchSize(4)
                .epochs(3).patience(0).augmentation(Augmentation.none()).build();
        name = "resume-" + UUID.randomUUID().toString().substring(0, 8);
        out = tmp.resolve("models").resolve(name);
        AtomicBoolean stop = new AtomicBoolean();
        Progress stopping = new Progress() {
            @Override
            public void update(long done, long total, String message) {
            }

            @Override
            public boolean isCancelled() {
                return stop.get();
            }
        };
        assertThrows(CancelledException.class, () -> BundleTrainer.train(data, split, cfg, name, out, true,
                new EpochListener() {
                    @Override
                    public void onEpoch(EpochStats s) {
                        stop.set(true);
                    }
                }, stopping));
    }

    @Test
    void resumeFinishesTheInterruptedRun(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        RunFolder.Resumable run = vm.getResumableRuns().stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("the interrupted run is offered: " + vm.getResumableRuns()));
        assertEquals(1, run.epochsDone());
        assertTrue(robot.lookup("#resumeTraining").queryAs(Button.class).isVisible());
        WaitForAsyncUtils.asyncFx(() -> vm.resume(run)).get(5, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> !vm.runningProperty().get()
                && vm.statusProperty().get().startsWith("Saved"));
        assertTrue(Files.exists(out.resolve("model.json")), vm.statusProperty().get());
        assertFalse(Files.exists(run.dir()), "a finished run leaves no run folder");
        assertEquals(3, new ObjectMapper().readTree(out.resolve("report/evaluation.json").toFile()).get("history")
                .size(), "epoch 1 from the checkpoint, epochs 2 and 3 resumed");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(vm.getResumableRuns().stream().noneMatch(r -> r.name().equals(name)));
    }
}
