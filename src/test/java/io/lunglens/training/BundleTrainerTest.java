package io.lunglens.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.lunglens.imaging.ImageLoader;
import io.lunglens.model.Classifier;
import io.lunglens.model.Prediction;
import io.lunglens.model.ModelBundle;
import io.lunglens.task.CancelledException;
import io.lunglens.task.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tiny real training runs: the tiny ResNet-LSTM at 64² on a task it can learn in a few epochs. */
class BundleTrainerTest {

    @TempDir
    static Path data;

    @TempDir
    Path out;

    static FolderDataset dataset;
    static Split split;

    @BeforeAll
    static void writeData() throws Exception {
        DataFolders.writeBlobs(data, 30, 11);
        dataset = FolderDataset.open(data, List.of(), "lesion", 0, 1);
        split = Split.of(dataset, Split.parsePercent("60/20/20"), 5);
    }

    static TrainConfig config(int epochs, int patience) {
        return new TrainConfig("tiny-resnet-lstm", 64, 8, epochs, 3e-3, 0, 7, patience, 2, Augmentation.none());
    }

    @Test
    void lossFallsEveryEpochIsReportedAndTheBundleIsSaved() throws Exception {
        List<EpochStats> seen = new ArrayList<>();
        AtomicInteger batches = new AtomicInteger();
        EpochListener listener = new EpochListener() {
            @Override
            public void onBatch(int epoch, int batch, int total, double loss) {
                batches.incrementAndGet();
            }

            @Override
            public void onEpoch(EpochStats stats) {
                seen.add(stats);
            }
        };
        Path bundle = out.resolve("tiny");
        TrainingOutcome r = BundleTrainer.train(dataset, split, config(4, 0), "tiny", bundle, true, listener, Progress.none());

        assertEquals(4, r.history().size());
        assertEquals(r.history(), seen, "the listener sees every epoch");
        assertEquals(4 * 5, batches.get(), "36 training images in batches of 8: 5 per epoch");
        assertTrue(r.history().get(3).trainLoss() < r.history().get(0).trainLoss() * 0.8, "loss falls: " + r.history());
        assertTrue(r.test().metrics().accuracy().value() > 0.6, r.test().metrics().toString());
        assertEquals(12, r.test().rows().size());

        assertTrue(Files.isRegularFile(bundle.resolve("model.json")));
        try (Classifier c = Classifier.load(bundle)) {
            assertTrue(c.card().synthetic());
            assertEquals(List.of("clear", "lesion"), c.card().classes());
            assertEquals("lesion", c.card().positiveClass());
            assertEquals(r.temperature(), c.card().calibrationTemperature(), 1e-9);
            assertTrue(c.card().testMetrics().containsKey("auc"));
            assertEquals(5L, ((Number) c.card().training().get("splitSeed")).longValue());
            // The reported test results are those of the saved (float16) weights, not of the float32 ones in memory.
            for (Evaluation.Row row : r.test().rows()) {
                Prediction p = c.predict(ImageLoader.load(row.file()));
                assertEquals(row.raw(), p.probabilities()[p.positiveIndex()], 1e-6, row.file().toString());
            }
        }
    }

    /**
     * The validation split is the training split with every label flipped, so learning the training split can only
     * make validation loss worse: it is lowest early, and the run stops after patience epochs without progress,
     * whatever the CPU's arithmetic.
     */
    @Test
    void stopsEarlyAndKeepsTheWeightsOfTheBestValidationEpoch() throws Exception {
        List<Sample> flipped = split.train().stream()
                .map(s -> new Sample(s.file(), 1 - s.label(), s.sha256(), s.lungMask())).toList();
        Split unlearnable = new Split(split.train(), flipped, split.test(), split.seed(), split.ratio());
        TrainConfig cfg = new TrainConfig("tiny-resnet-lstm", 64, 8, 12, 3e-3, 0, 3, 2, 2, Augmentation.none());
        Path bundle = out.resolve("best");
        TrainingOutcome r = BundleTrainer.train(dataset, unlearnable, cfg, "best", bundle, true, new EpochListener() { },
                Progress.none());
        int argmin = 0;
        for (int i = 1; i < r.history().size(); i++) {
            if (r.history().get(i).validationLoss() < r.history().get(argmin).validationLoss()) {
                argmin = i;
            }
        }
        assertEquals(argmin + 1, r.bestEpoch(), "by epoch: " + r.history());
        assertTrue(r.stoppedEarly(), "validation loss by epoch: " + r.history());
        assertEquals(r.bestEpoch() + 2, r.history().size(), "stops after patience epochs without progress");
        // The saved weights reproduce the best epoch's validation loss (up to float16 storage).
        try (Classifier c = Classifier.load(bundle)) {
            double loss = 0;
            for (Sample s : unlearnable.validation()) {
                double[] p = c.predict(ImageLoader.load(s.file())).probabilities();
                loss -= Math.log(Math.max(1e-12, p[s.label()]));
            }
            loss /= unlearnable.validation().size();
            assertEquals(r.history().get(argmin).validationLoss(), loss, 0.02 + 0.02 * loss);
        }
    }

    @Test
    void cancelLeavesTheExistingModelUntouched() throws Exception {
        Path bundle = out.resolve("active");
        BundleTrainer.train(dataset, split, config(1, 0), "active", bundle, true, new EpochListener() { }, Progress.none());
        byte[] before = Files.readAllBytes(bundle.resolve(ModelBundle.WEIGHTS_FILE));
        byte[] card = Files.readAllBytes(bundle.resolve(ModelBundle.CARD_FILE));
        AtomicInteger updates = new AtomicInteger();
        Progress cancelSoon = new Progress() {
            @Override
            public void update(long done, long total, String message) {
                updates.incrementAndGet();
            }

            @Override
            public boolean isCancelled() {
                return updates.get() >= 3;
            }
        };
        assertThrows(CancelledException.class, () -> BundleTrainer.train(dataset, split, config(3, 0), "active", bundle, true,
                new EpochListener() { }, cancelSoon));
        assertArrayEquals(before, Files.readAllBytes(bundle.resolve(ModelBundle.WEIGHTS_FILE)));
        assertArrayEquals(card, Files.readAllBytes(bundle.resolve(ModelBundle.CARD_FILE)));
        try (var files = Files.list(out)) {
            assertEquals(List.of(bundle), files.toList(), "no half-written bundle is left behind");
        }
    }

    @Test
    void aSecondRunLeaksNoArrays() throws Exception {
        BaseNDManager system;
        try (NDManager m = NDManager.newBaseManager()) {
            system = (BaseNDManager) m.getParentManager();
        }
        BundleTrainer.train(dataset, split, config(1, 0), "warm", out.resolve("warm"), true, new EpochListener() { },
                Progress.none());
        int before = system.getManagedArrays().size();
        BundleTrainer.train(dataset, split, config(1, 0), "again", out.resolve("again"), true, new EpochListener() { },
                Progress.none());
        assertEquals(before, system.getManagedArrays().size());
        // The count sees arrays held anywhere below the system manager, or this test could not fail.
        try (NDManager open = NDManager.newBaseManager()) {
            open.zeros(new Shape(3));
            assertEquals(before + 1, system.getManagedArrays().size());
        }
        assertFalse(Files.exists(out.resolve("warm/.tmp")));
    }
}
