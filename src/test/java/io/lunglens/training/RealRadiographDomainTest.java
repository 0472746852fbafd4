package io.lunglens.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunglens.imaging.ImageLoader;
import io.lunglens.model.Classifier;
import io.lunglens.model.Prediction;
import io.lunglens.model.TrainingDomain;
import io.lunglens.task.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny model trained by the real BundleTrainer on real radiographs (NIH ChestX-ray8 in cxr-dev: no finding against
 * pneumonia) describes its training domain: it accepts its own test split's films and rejects a screenshot.
 */
class RealRadiographDomainTest {

    static final Path CXR_DEV = Path.of(System.getProperty("user.dir")).resolve("../shared/data/cxr-dev");

    @TempDir
    Path tmp;

    @Test
    void modelTrainedOnRealFilmsAcceptsItsTestFilmsAndRejectsAScreenshot() throws Exception {
        Path data = classFolders(tmp.resolve("nih"));
        FolderDataset dataset = FolderDataset.open(data, List.of(), "pneumonia", 0, 0);
        Assertions.assertArrayEquals(new int[] {42, 120}, dataset.counts());
        Split split = Split.of(dataset, Split.parsePercent("60/20/20"), 3);
        TrainConfig cfg = new TrainConfig("tiny-resnet-lstm", 64, 8, 3, 3e-3, 0, 7, 0, 2, Augmentation.none());
        Path bundle = tmp.resolve("nih-tiny");
        BundleTrainer.train(dataset, split, cfg, "nih-tiny", bundle, false, new EpochListener() { }, Progress.none());

        assertTrue(Files.isRegularFile(bundle.resolve(TrainingDomain.FILE)));
        try (Classifier c = Classifier.load(bundle)) {
            TrainingDomain d = c.bundle().domain();
            assertNotNull(d);
            assertEquals(split.train().size(), d.images());
            assertEquals(split.validation().size(), d.validationImages());
            Map<?, ?> summary = (Map<?, ?>) c.card().training().get(TrainingDomain.CARD_KEY);
            assertEquals(d.threshold(), ((Number) summary.get("threshold")).doubleValue(), 1e-9);
            assertEquals(99.0, ((Number) summary.get("percentile")).doubleValue());

            int inside = 0;
            for (Sample s : split.test()) {
                Prediction p = c.predict(ImageLoader.load(s.file()));
                inside += p.inTrainingDomain() ? 1 : 0;
            }
            double rate = (double) inside / split.test().size();
            Prediction shot = c.predict(ImageLoader.load(Path.of("docs/screenshots/retrain.png")));
            Prediction viewer = c.predict(ImageLoader.load(Path.of("docs/screenshots/viewer.png")));
            System.out.printf(Locale.ROOT, "tiny NIH model domain: test films inside %d/%d = %.3f; screenshot scores"
                    + " retrain.png %.2f, viewer.png %.2f%n", inside, split.test().size(), rate, shot.domainScore(),
                    viewer.domainScore());
            assertTrue(rate >= 0.90, "real test films inside the training domain: " + rate);
            assertTrue(!shot.inTrainingDomain(), "a screenshot is outside: score " + shot.domainScore());
            // viewer.png shows a phantom inside the app's window, so it sits nearer the threshold: printed, not asserted.
        }
    }

    /** no-finding and pneumonia NIH films as class folders of symbolic links (the data stay where they are). */
    static Path classFolders(Path root) throws Exception {
        Path csv = CXR_DEV.resolve("files.csv");
        assertTrue(Files.isRegularFile(csv), "the development radiographs: " + csv);
        for (String line : Files.readAllLines(csv)) {
            String file = line.split(",", 2)[0];
            String kind = line.contains("frontal CXR (no finding)") ? "nofinding"
                    : line.contains("frontal CXR (pneumonia)") ? "pneumonia" : null;
            if (kind == null || !file.startsWith("frontal/nih_")) {
                continue;
            }
            Path dir = Files.createDirectories(root.resolve(kind));
            Files.createSymbolicLink(dir.resolve(Path.of(file).getFileName()), CXR_DEV.resolve(file).toAbsolutePath());
        }
        return root;
    }
}
