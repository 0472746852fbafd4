package io.lunglens.training;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunglens.task.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run whose loss becomes NaN stops at once with one line and writes no model. */
class TrainingDivergenceTest {

    @Test
    void aNonFiniteLossStopsTheRunAndSavesNothing(@TempDir Path data, @TempDir Path models) throws Exception {
        DataFolders.writeBlobs(data, 12, 3);
        FolderDataset dataset = FolderDataset.open(data, List.of(), "lesion", 0, 1);
        Split split = Split.of(dataset, Split.parsePercent("60/20/20"), 5);
        // Adam moves every weight by about the learning rate: at 1e30 the next activations overflow to inf and NaN,
        // by IEEE arithmetic on any CPU.
        TrainConfig cfg = new TrainConfig("tiny-resnet-lstm", 64, 4, 3, 1e30, 0, 7, 0, 2, Augmentation.none());
        Path out = models.resolve("diverged");
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> BundleTrainer.train(dataset,
                split, cfg, "diverged", out, true, new EpochListener() { }, Progress.none()));
        assertTrue(e.getMessage().startsWith("training diverged: the epoch 1, batch "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertFalse(Files.exists(out), "no model written");
    }
}
