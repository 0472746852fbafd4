package io.lunglens.ui;

import io.lunglens.imaging.ImageFiles;
import io.lunglens.model.Architecture;
import io.lunglens.model.ModelBundle;
import io.lunglens.model.ModelCard;
import io.lunglens.model.ModelRegistry;
import io.lunglens.ui.files.RecentFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.stage.Stage;

/**
 * Open-to-verdict time in the real window (Monocle headless), engine warm: from the open request on the FX thread
 * to the verdict and Grad-CAM being applied on it. Run by bench/viewer-open-to-verdict.sh.
 * Args: SAMPLES_DIR [BUNDLE_DIR]; without a bundle a fresh ResNet50-LSTM at 224² is used (timing does not depend
 * on the weights).
 */
public final class OpenToVerdictBench {

    private OpenToVerdictBench() {
    }

    public static void main(String[] args) throws Exception {
        List<Path> files = ImageFiles.list(Path.of(args[0]), true);
        Path tmp = Files.createTempDirectory("lunglens-bench");
        Path models = tmp.resolve("models");
        if (args.length > 1) {
            Files.createDirectories(models);
            Files.createSymbolicLink(models.resolve("bench"), Path.of(args[1]).toAbsolutePath());
        } else {
            ModelCard card = ModelCard.draft("bench-resnet50-lstm", Architecture.RESNET50_LSTM, 224, false);
            try (ModelBundle fresh = ModelBundle.fresh(card)) {
                ModelBundle.save(models.resolve("bench"), fresh.network(), card);
            }
        }
        Workers workers = new Workers();
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
        AppController app = onFx(() -> {
            ModelRegistry registry = new ModelRegistry(models, tmp.resolve("home"));
            AppController a = workers.controller(new ModelService(registry), new RecentFiles(tmp.resolve("recent.txt")));
            Stage stage = new Stage();
            stage.setScene(workers.window(a, registry, tmp.resolve("home")).scene(1400, 860));
            stage.show();
            a.start();
            return a;
        });
        while (onFx(app::explainer) == null) {
            Thread.sleep(50);
        }
        String model = onFx(() -> app.explainer().name());
        for (int i = 0; i < 3; i++) {
            timeOpen(app, files.get(i % files.size()));
        }
        List<Double> ms = new ArrayList<>();
        List<Double> shown = new ArrayList<>();
        List<Double> inference = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            for (Path f : files) {
                double[] t = timeOpen(app, f);
                ms.add(t[1]);
                shown.add(t[0]);
                inference.add(Double.parseDouble(onFx(() -> app.verdict().timingProperty().get()).replace(" ms", "")));
            }
        }
        Collections.sort(ms);
        Collections.sort(shown);
        Collections.sort(inference);
        System.out.printf(Locale.ROOT, "model: %s; %d opens of %d real samples (8-bit PNG, 640-1024 px)%n",
                model, ms.size(), files.size());
        System.out.printf(Locale.ROOT, "open-to-verdict ms: median %.0f, p90 %.0f, min %.0f, max %.0f%n",
                ms.get(ms.size() / 2), ms.get((int) (ms.size() * 0.9)), ms.get(0), ms.get(ms.size() - 1));
        System.out.printf(Locale.ROOT, "image on screen ms: median %.0f; model (inference + Grad-CAM) ms: median %.0f%n",
                shown.get(shown.size() / 2), inference.get(inference.size() / 2));
        System.out.printf(Locale.ROOT, "load average during the run: %s%n",
                Files.readString(Path.of("/proc/loadavg")).strip());
        onFx(() -> {
            app.close();
            return null;
        });
        workers.close();
        Platform.exit();
        System.exit(0);
    }

    /** Opens a file and waits for its verdict; returns ms until the image was on screen and until the verdict. */
    private static double[] timeOpen(AppController app, Path file) throws Exception {
        CompletableFuture<double[]> done = new CompletableFuture<>();
        Platform.runLater(() -> {
            long t0 = System.nanoTime();
            double[] out = new double[2];
            ChangeListener<Object> image = (o, a, b) -> out[0] = (System.nanoTime() - t0) / 1e6;
            app.viewer().imageProperty().addListener(image);
            ChangeListener<String> l = new ChangeListener<>() {
                @Override
                public void changed(ObservableValue<? extends String> o, String a, String b) {
                    if (!b.isEmpty() && file.equals(app.verdict().sourceProperty().get())) {
                        app.verdict().labelProperty().removeListener(this);
                        app.viewer().imageProperty().removeListener(image);
                        out[1] = (System.nanoTime() - t0) / 1e6;
                        done.complete(out);
                    }
                }
            };
            app.verdict().labelProperty().addListener(l);
            app.open(file);
        });
        return done.get(60, TimeUnit.SECONDS);
    }

    private static <T> T onFx(Callable<T> c) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(c.call());
            } catch (Exception e) {
                f.completeExceptionally(e);
            }
        });
        return f.get(120, TimeUnit.SECONDS);
    }
}
