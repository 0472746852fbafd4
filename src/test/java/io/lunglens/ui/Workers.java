package io.lunglens.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunglens.model.ModelRegistry;
import io.lunglens.ui.background.FxTaskExecutor;
import io.lunglens.ui.evaluate.EvaluateViewModel;
import io.lunglens.ui.files.RecentFiles;
import io.lunglens.ui.scan.ScanViewModel;
import io.lunglens.ui.training.TrainingViewModel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The window's executors for a test, as LungLensApp makes them, and the wait until the background work queued on
 * them has ended and its results reached the FX thread: the event after which "nothing else happened" can be
 * asserted.
 */
public final class Workers implements AutoCloseable {

    public final FxTaskExecutor io = new FxTaskExecutor("test-io", 2);
    public final FxTaskExecutor compute = new FxTaskExecutor("test-model", 1);
    public final FxTaskExecutor scans = new FxTaskExecutor("test-scan", 1);
    public final FxTaskExecutor training = new FxTaskExecutor("test-training", 1);
    public final FxTaskExecutor evaluations = new FxTaskExecutor("test-evaluate", 1);

    public AppController controller(ModelSource models, RecentFiles recent) {
        return new AppController(models, recent, io, compute);
    }

    /** The main window with scan, training and evaluate tabs on this registry (its home holds their output). */
    public MainWindow window(AppController app, ModelRegistry registry, Path home) {
        return new MainWindow(app, new ScanViewModel(registry, home.resolve("scans"), scans),
                new TrainingViewModel(registry, training), new EvaluateViewModel(registry, evaluations));
    }

    public void awaitQueued() throws Exception {
        awaitQueued(io, compute, scans, training, evaluations);
    }

    public static void awaitQueued(FxTaskExecutor... executors) throws Exception {
        // A result's handler may queue the next job (load, then verdict, then shortcut check): three rounds.
        for (int round = 0; round < 3; round++) {
            for (FxTaskExecutor e : executors) {
                assertTrue(e.awaitQueued(60, TimeUnit.SECONDS), "background work still running after 60 s");
            }
            WaitForAsyncUtils.waitForFxEvents();
        }
    }

    @Override
    public void close() {
        for (FxTaskExecutor e : List.of(io, compute, scans, training, evaluations)) {
            e.close();
        }
    }
}
