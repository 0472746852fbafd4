package io.lunglens.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunglens.model.Classifier;
import io.lunglens.model.ModelBundle;
import io.lunglens.model.ModelBundleException;
import io.lunglens.model.ModelCard;
import io.lunglens.model.TrainingDomain;
import io.lunglens.training.Augmentation;
import io.lunglens.training.DataFolders;
import io.lunglens.training.FolderDataset;
import io.lunglens.training.Split;
import io.lunglens.training.TrainConfig;
import io.lunglens.training.BundleTrainer;
import io.lunglens.training.EpochListener;
import io.lunglens.task.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** lunglens fit-domain on a real trained bundle: same split as training, weights untouched, one-line errors. */
class FitDomainCommandTest {

    @TempDir
    Path tmp;

    @Test
    void refitsTheTrainersDescriptionFromTheSplitManifestWithWeightsUnchanged() throws Exception {
        Path data = tmp.resolve("data");
        DataFolders.writeBlobs(data, 20, 5);
        FolderDataset dataset = FolderDataset.open(data, List.of(), "lesion", 0, 1);
        Split split = Split.of(dataset, Split.parsePercent("60/20/20"), 5);
        Path bundle = tmp.resolve("tiny");
        BundleTrainer.train(dataset, split, new TrainConfig("tiny-resnet-lstm", 64, 8, 1, 3e-3, 0, 7, 0, 2,
                Augmentation.none()), "tiny", bundle, true, new EpochListener() { }, Progress.none());
        double trainersThreshold;
        try (Classifier c = Classifier.load(bundle)) {
            trainersThreshold = c.bundle().domain().threshold();
        }
        // An older bundle: no description yet.
        Files.delete(bundle.resolve(TrainingDomain.FILE));
        ModelCard card = ModelBundle.readCard(bundle);
        Map<String, Object> training = new LinkedHashMap<>(card.training());
        training.remove(TrainingDomain.CARD_KEY);
        ModelBundle.rewriteCard(bundle, card.withTraining(training));
        byte[] weights = Files.readAllBytes(bundle.resolve(ModelBundle.WEIGHTS_FILE));

        CliRun run = CliRun.of("fit-domain", "--model", bundle.toString(), data.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("wrote " + bundle.resolve(TrainingDomain.FILE)), run.out());
        assertArrayEquals(weights, Files.readAllBytes(bundle.resolve(ModelBundle.WEIGHTS_FILE)));
        try (Classifier c = Classifier.load(bundle)) {
            TrainingDomain d = c.bundle().domain();
            assertEquals(split.train().size(), d.images());
            assertEquals(split.validation().size(), d.validationImages());
            // The same split and the same saved weights as the trainer used: the same threshold.
            assertEquals(trainersThreshold, d.threshold(), 1e-6 * trainersThreshold);
            Map<?, ?> summary = (Map<?, ?>) c.card().training().get(TrainingDomain.CARD_KEY);
            assertTrue(summary.get("fittedOn").toString().contains("split.json"), summary.toString());
        }
        // A corrupted description stops the model loading, and fit-domain repairs it.
        Files.writeString(bundle.resolve(TrainingDomain.FILE), "{}");
        assertThrows(ModelBundleException.class, () -> Classifier.load(bundle).close());
        assertEquals(0, CliRun.of("fit-domain", "--model", bundle.toString(), data.toString()).code());
        try (Classifier c = Classifier.load(bundle)) {
            assertEquals(trainersThreshold, c.bundle().domain().threshold(), 1e-6 * trainersThreshold);
        }
        try (var left = Files.list(tmp)) {
            assertEquals(2, left.count(), "no temporary folder is left beside the bundle");
        }
    }

    @Test
    void aChangedTrainingFileIsOneLineAndLeavesTheBundleAlone() throws Exception {
        Path data = tmp.resolve("data");
        DataFolders.writeBlobs(data, 10, 6);
        Path bundle = tmp.resolve("tiny");
        FolderDataset dataset = FolderDataset.open(data, List.of(), "lesion", 0, 1);
        BundleTrainer.train(dataset, Split.of(dataset, Split.parsePercent("60/20/20"), 5), new TrainConfig(
                "tiny-resnet-lstm", 64, 4, 1, 3e-3, 0, 7, 0, 2, Augmentation.none()), "tiny", bundle, true,
                new EpochListener() { }, Progress.none());
        byte[] domain = Files.readAllBytes(bundle.resolve(TrainingDomain.FILE));
        Path victim;
        try (var files = Files.list(data.resolve("clear"))) {
            victim = files.sorted().findFirst().orElseThrow();
        }
        Files.copy(data.resolve("lesion").resolve(Files.list(data.resolve("lesion")).sorted().findFirst()
                .orElseThrow().getFileName()), victim, StandardCopyOption.REPLACE_EXISTING);

        CliRun run = CliRun.of("fit-domain", "--model", bundle.toString(), data.toString());
        assertEquals(2, run.code(), run.out());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().startsWith("lunglens fit-domain: "), run.err());
        assertFalse(run.err().contains("Exception"), run.err());
        assertArrayEquals(domain, Files.readAllBytes(bundle.resolve(TrainingDomain.FILE)));

        CliRun missing = CliRun.of("fit-domain", "--model", bundle.toString(), tmp.resolve("nowhere").toString());
        assertEquals(2, missing.code());
        assertEquals(1, missing.err().strip().lines().count(), missing.err());
    }
}
