package io.lunglens.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunglens.model.Architecture;
import io.lunglens.model.BackboneImport;
import io.lunglens.model.ModelBundle;
import io.lunglens.task.CancelledException;
import io.lunglens.task.Progress;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run stopped after its first epoch and resumed through the API the GUI uses ends where an uninterrupted run
 * ends: the same epochs and, on the same CPU in the same process, the same weights (the checkpoint holds the
 * weights, Adam's moments and step counts; the batch order and augmentation are seeded per epoch).
 */
class ResumableRunTest {

    @TempDir
    static Path data;

    @TempDir
    Path out;

    static FolderDataset dataset;
    static Split split;

    @BeforeAll
    static void writeData() throws Exception {
        DataFolders.writeBlobs(data, 16, 21);
        dataset = FolderDataset.open(data, List.of(), "lesion", 0, 1);
        split = Split.of(dataset, Split.parsePercent("60/20/20"), 5);
    }

    /** With augmentation and a slower backbone, so every piece of state a resume needs is in play. */
    static TrainConfig config() {
        return TrainConfig.builder().architecture("tiny-resnet-lstm").inputSize(48).batchSize(6).epochs(3)
                .learningRate(3e-3).weightDecay(1e-4).seed(9).patience(0).augmentation(Augmentation.standard())
                .build();
    }

    @Test
    void aRunStoppedAfterEpochOneResumesToTheUninterruptedResult() throws Exception {
        resumesToTheUninterruptedResult(config());
    }

    /** A frozen first epoch, then the backbone at a tenth of the rate: Adam's two step counts are checkpointed too. */
    @Test
    void aFineTuningRunResumesToTheUninterruptedResultToo() throws Exception {
        Path pt = out.resolve("tiny-resnet.pt");
        try (InputStream in = getClass().getResourceAsStream("/model/import/tiny-resnet.pt")) {
            Files.copy(in, pt);
        }
        Path backbone = out.resolve("tiny-backbone");
        BackboneImport.run(pt, backbone, "tiny-backbone", Architecture.TINY, "torchvision layout, random weights");
        resumesToTheUninterruptedResult(config().withInit(new Initialisation(backbone, 1, 0.1)));
    }

    /** Progressive resizing (two epochs at 32², then 48²): the schedule is in the checkpoint's config too. */
    @Test
    void aProgressivelyResizedRunResumesToTheUninterruptedResult() throws Exception {
        TrainConfig cfg = TrainConfig.builder().architecture("tiny-resnet-lstm").inputSize(48).batchSize(6).epochs(3)
                .learningRate(3e-3).weightDecay(1e-4).seed(9).patience(0).augmentation(Augmentation.standard())
                .resizing(new Resizing(32, 2)).build();
        assertEquals(List.of(32, 32, 48), List.of(cfg.sizeAt(1), cfg.sizeAt(2), cfg.sizeAt(3)));
        resumesToTheUninterruptedResult(cfg);
    }

    private void resumesToTheUninterruptedResult(TrainConfig cfg) throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        TrainingOutcome whole = BundleTrainer.train(dataset, split, cfg, "whole-" + tag, out.resolve("whole"),
                true, new EpochListener() { }, Progress.none());
        assertFalse(Files.exists(RunFolder.of("whole-" + tag)), "a finished run leaves no run folder");

        String name = "cut-" + tag;
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
        assertThrows(CancelledException.class, () -> BundleTrainer.train(dataset, split, cfg, name,
                out.resolve("cut"), true, new EpochListener() {
                    @Override
                    public void onEpoch(EpochStats stats) {
                        stop.set(true);
                    }
                }, stopping));
        List<RunFolder.Resumable> runs = RunFolder.resumable();
        RunFolder.Resumable r = runs.stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
        assertEquals(1, r.epochsDone());
        assertEquals(3, r.maxEpochs());
        assertEquals(out.resolve("cut").toAbsolutePath(), r.out());

        List<EpochStats> told = new ArrayList<>();
        TrainingOutcome resumed = BundleTrainer.resume(r.dir(), new EpochListener() {
            @Override
            public void onEpoch(EpochStats stats) {
                told.add(stats);
            }
        }, Progress.none());
        assertEquals(resumed.history(), told, "the listener hears the checkpointed epoch again, then the rest");
        assertEquals(3, resumed.history().size());
        assertFalse(Files.exists(r.dir()));
        for (int i = 0; i < 3; i++) {
            EpochStats a = whole.history().get(i);
            EpochStats b = resumed.history().get(i);
            assertEquals(a.trainLoss(), b.trainLoss(), 0, "epoch " + (i + 1));
            assertEquals(a.validationLoss(), b.validationLoss(), 0, "epoch " + (i + 1));
        }
        try (ModelBundle a = ModelBundle.load(out.resolve("whole")); ModelBundle b = ModelBundle.load(out.resolve("cut"))) {
            assertEquals(a.card().weightsSha256(), b.card().weightsSha256(), "the same weights");
        }
        assertTrue(Files.isRegularFile(out.resolve("cut").resolve("report/report.md")));
    }
}
