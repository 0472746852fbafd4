package io.lunglens.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lunglens.imaging.XrayImage;
import io.lunglens.model.Architecture;
import io.lunglens.model.EngineBootstrap;
import io.lunglens.model.EvidenceMethod;
import io.lunglens.model.ModelBundle;
import io.lunglens.model.ModelCard;
import io.lunglens.model.ModelRegistry;
import io.lunglens.task.CancelledException;
import io.lunglens.task.Progress;
import io.lunglens.ui.files.RecentFiles;
import io.lunglens.ui.viewer.EvidenceMap;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Switching models while the old model's occlusion map runs on the io pool: the switch closes the old model on the
 * model thread, and the map must neither crash nor fail. Real models (two tiny bundles through the registry), the
 * real controller; the models are only watched, and each occlusion map waits between two batches until the switch
 * has closed its model, so that every switch closes a model in use.
 */
@ExtendWith(ApplicationExtension.class)
class ModelSwitchTest {

    private static final int SWITCHES = 100;

    @TempDir
    Path tmp;

    final Workers workers = new Workers();
    AppController app;
    final List<String> errors = new CopyOnWriteArrayList<>();
    final AtomicBoolean hold = new AtomicBoolean(true);
    final AtomicReference<Watched> waiting = new AtomicReference<>();
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger closed = new AtomicInteger();

    @Start
    void start(Stage stage) throws Exception {
        Path models = tmp.resolve("models");
        EngineBootstrap.engine().setRandomSeed(5);
        for (String name : List.of("a", "b")) {
            ModelCard card = ModelCard.draft(name, Architecture.TINY, 96, true);
            try (ModelBundle fresh = ModelBundle.fresh(card)) {
                ModelBundle.save(models.resolve(name), fresh.network(), card);
            }
        }
        ModelService real = new ModelService(new ModelRegistry(models, tmp.resolve("home")));
        ModelSource watched = new ModelSource() {
            @Override
            public List<String> names() {
                return real.names();
            }

            @Override
            public Explainer open(String name) throws Exception {
                return new Watched(real.open(name));
            }
        };
        app = workers.controller(watched, new RecentFiles(tmp.resolve("recent.txt")));
        app.setProblemSink(errors::add);
        // The thorough check runs in batches, so a model can be switched away from in the middle of one.
        app.viewer().checkMethodProperty().set(EvidenceMethod.THOROUGH);
    }

    @AfterEach
    void close() {
        FxThread.fx(() -> {
            app.close();
            return null;
        });
        workers.close();
    }

    @Test
    void switchingModelsWhileOcclusionMapsRunFailsNothing() {
        FxThread.fx(() -> {
            app.start();
            return null;
        });
        ViewerWindowTest.waitUntil(() -> app.explainer() != null);
        FxThread.fx(() -> {
            app.open(ViewerWindowTest.COVID);
            return null;
        });
        for (int i = 0; i < SWITCHES; i++) {
            ViewerWindowTest.waitUntil(() -> waiting.get() != null);
            waiting.set(null);
            String next = i % 2 == 0 ? "b" : "a";
            hold.set(i < SWITCHES - 1);
            FxThread.fx(() -> {
                app.selectModel(next);
                return null;
            });
            ViewerWindowTest.waitUntil(() -> next.equals(app.activeModelProperty().get()));
        }
        // The last model's map completes and shows; every old model was closed, and no map is left running.
        ViewerWindowTest.waitUntil(() -> app.viewer().hasMap(EvidenceMap.OCCLUSION));
        ViewerWindowTest.waitUntil(() -> closed.get() == SWITCHES && running.get() == 0);
        assertEquals(List.of(), errors);
    }

    /** The real explainer, watched: it records every failure that is not a cancellation. */
    private final class Watched implements Explainer {
        private final Explainer inner;
        private final CountDownLatch closing = new CountDownLatch(1);

        Watched(Explainer inner) {
            this.inner = inner;
        }

        @Override
        public EvidenceCheck shortcutCheck(XrayImage image, int camClass, EvidenceMethod method, Progress progress)
                throws Exception {
            running.incrementAndGet();
            try {
                return inner.shortcutCheck(image, camClass, method, new Progress() {
                    private boolean waited;

                    @Override
                    public void update(long done, long total, String message) {
                        progress.update(done, total, message);
                        if (done > 0 && !waited && hold.get()) {
                            waited = true;
                            waiting.set(Watched.this);
                            awaitClose();
                        }
                    }

                    @Override
                    public boolean isCancelled() {
                        return progress.isCancelled();
                    }
                });
            } catch (CancelledException e) {
                throw e;
            } catch (Exception | Error e) {
                errors.add(e.toString());
                throw e;
            } finally {
                running.decrementAndGet();
            }
        }

        /** Waits through the cancellation's interrupt: the next batch must run after close(). */
        private void awaitClose() {
            boolean interrupted = false;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (closing.getCount() > 0 && System.nanoTime() < deadline) {
                try {
                    closing.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (closing.getCount() > 0) {
                errors.add("a switched-away model was not closed");
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public Explained explain(XrayImage image, int camClass) throws Exception {
            try {
                return inner.explain(image, camClass);
            } catch (Exception | Error e) {
                errors.add(e.toString());
                throw e;
            }
        }

        @Override
        public void close() {
            inner.close();
            closed.incrementAndGet();
            closing.countDown();
        }

        @Override
        public ModelCard card() {
            return inner.card();
        }
    }
}
