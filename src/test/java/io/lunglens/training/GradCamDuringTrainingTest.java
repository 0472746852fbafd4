package io.lunglens.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunglens.imaging.ImageLoader;
import io.lunglens.imaging.XrayImage;
import io.lunglens.model.Architecture;
import io.lunglens.model.Classifier;
import io.lunglens.model.EngineBootstrap;
import io.lunglens.model.Explanation;
import io.lunglens.model.ModelBundle;
import io.lunglens.model.ModelCard;
import io.lunglens.task.CancelledException;
import io.lunglens.task.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The viewer's Grad-CAM while the Retrain tab trains. DJL allows one gradient collector per process; the training
 * step, the training's own evaluation (Grad-CAM and occlusion) and the viewer's Grad-CAM must take turns, not fail.
 */
class GradCamDuringTrainingTest {

    @TempDir
    Path data;

    @TempDir
    Path out;

    @Test
    void gradCamRequestsOnAnotherThreadAndATrainingRunBothSucceed() throws Exception {
        DataFolders.writeBlobs(data, 30, 11);
        FolderDataset ds = FolderDataset.open(data, List.of(), "lesion", 0, 1);
        Split split = Split.of(ds, Split.parsePercent("60/20/20"), 5);
        TrainConfig cfg = new TrainConfig("tiny-resnet-lstm", 64, 8, 3, 3e-4, 0, 7, 0, 2, Augmentation.none());
        XrayImage img = ImageLoader.load(split.test().get(0).file());

        EngineBootstrap.engine().setRandomSeed(31);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (Classifier viewer = new Classifier(ModelBundle.fresh(ModelCard.draft("viewer", Architecture.TINY, 64, true)))) {
            // Which class maps are non-empty on this random network, before any training runs.
            boolean[] expected = {peak(viewer.explain(img, 0)) > 0, peak(viewer.explain(img, 1)) > 0};
            assertTrue(expected[0] || expected[1], "a random network may empty one class's map, hardly both");

            CountDownLatch started = new CountDownLatch(1);
            AtomicBoolean finished = new AtomicBoolean();
            // The tiny network sometimes diverges to NaN on some CPUs (issue 14, item 1), and scoring NaN verdicts
            // is not what this test is about: such a run is stopped, not waited for.
            AtomicBoolean diverged = new AtomicBoolean();
            EpochListener listener = new EpochListener() {
                @Override
                public void onBatch(int epoch, int batch, int total, double loss) {
                    diverged.compareAndSet(false, Double.isNaN(loss));
                    started.countDown();
                }

                @Override
                public void onEpoch(EpochStats stats) {
                    diverged.compareAndSet(false, Double.isNaN(stats.validationLoss()));
                }
            };
            Progress stopOnNaN = new Progress() {
                @Override
                public void update(long done, long total, String message) {
                }

                @Override
                public boolean isCancelled() {
                    return diverged.get();
                }
            };
            AtomicReference<Evaluation> evaluation = new AtomicReference<>();
            Future<TrainingOutcome> run = pool.submit(() -> {
                try {
                    TrainingOutcome result;
                    try {
                        result = BundleTrainer.train(ds, split, cfg, "busy", out.resolve("busy"), true, listener, stopOnNaN);
                    } catch (CancelledException e) {
                        result = null;
                    }
                    // A training's final evaluation (Grad-CAM and occlusion maps) once more, on a model that
                    // cannot have diverged.
                    try (Classifier fresh = new Classifier(ModelBundle.fresh(ModelCard.draft("fresh", Architecture.TINY,
                            64, true).withClasses(ds.classes(), ds.classes().get(ds.positive()))))) {
                        evaluation.set(Evaluator.evaluate(fresh, split.test(), ds.classes(), ds.positive(),
                                Progress.none()));
                    }
                    return result;
                } finally {
                    finished.set(true);
                    started.countDown();
                }
            });
            Future<Integer> cams = pool.submit(() -> {
                started.await();
                int during = 0;
                while (!finished.get()) {
                    for (int k = 0; k < 2; k++) {
                        Explanation e = viewer.explain(img, k);
                        assertEquals(k, e.camClass());
                        assertEquals(expected[k], peak(e) > 0, "class " + k + "'s map changed while training ran");
                    }
                    during++;
                }
                return during;
            });
            TrainingOutcome r = run.get(300, TimeUnit.SECONDS);
            int during = cams.get(60, TimeUnit.SECONDS);

            assertTrue(during > 0, "no Grad-CAM request ran while the training did");
            assertEquals(split.test().size(), evaluation.get().rows().size());
            if (r == null) {
                assertTrue(diverged.get());
                return;
            }
            assertEquals(3, r.history().size());
            assertTrue(Files.isRegularFile(out.resolve("busy").resolve("model.json")));
            // The training's evaluation explains every test image with both maps, on its own thread.
            assertEquals(split.test().size(), r.test().rows().size());
        } finally {
            pool.shutdownNow();
        }
    }

    private static float peak(Explanation e) {
        float max = 0;
        for (float v : e.cam()) {
            max = Math.max(max, v);
        }
        return max;
    }
}
