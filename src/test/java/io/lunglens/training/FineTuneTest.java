package io.lunglens.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.Parameter;
import io.lunglens.model.Architecture;
import io.lunglens.model.BackboneImport;
import io.lunglens.model.Classifier;
import io.lunglens.model.ModelBundle;
import io.lunglens.model.ModelBundleException;
import io.lunglens.model.ResNetLstm;
import io.lunglens.task.Progress;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training from an imported backbone (the tiny torchvision fixture): the weights arrive, a frozen backbone stays
 * exactly as imported (running statistics included), then unfreezes and learns at its own rate.
 */
class FineTuneTest {

    @TempDir
    static Path dir;

    static FolderDataset dataset;
    static Split split;
    static Path backbone;

    @BeforeAll
    static void setUp() throws Exception {
        Path data = dir.resolve("data");
        DataFolders.writeBlobs(data, 30, 11);
        dataset = FolderDataset.open(data, List.of(), "lesion", 0, 1);
        split = Split.of(dataset, Split.parsePercent("60/20/20"), 5);
        Path pt = dir.resolve("tiny-resnet.pt");
        try (InputStream in = FineTuneTest.class.getResourceAsStream("/model/import/tiny-resnet.pt")) {
            Files.copy(in, pt);
        }
        backbone = dir.resolve("tiny-backbone");
        BackboneImport.run(pt, backbone, "tiny-backbone", Architecture.TINY, "torchvision layout, random weights");
    }

    private static TrainConfig config(int epochs, Initialisation init) {
        return BundleTrainerTest.config(epochs, 0).withInit(init);
    }

    private static Map<String, float[]> backboneOf(Path bundle) throws ModelBundleException {
        try (ModelBundle b = ModelBundle.load(bundle)) {
            Map<String, float[]> m = new LinkedHashMap<>();
            for (Map.Entry<String, Parameter> e : ResNetLstm.torchParameters(b.network().backbone()).entrySet()) {
                m.put(e.getKey(), e.getValue().getArray().toFloatArray());
            }
            return m;
        }
    }

    @Test
    void frozenBackboneKeepsTheImportedWeightsAndStatistics() throws Exception {
        Path out = dir.resolve("frozen");
        TrainingOutcome r = BundleTrainer.train(dataset, split, config(2, new Initialisation(backbone, 2, 1)), "frozen", out,
                true, new EpochListener() { }, Progress.none());
        Map<String, float[]> before = backboneOf(backbone);
        Map<String, float[]> after = backboneOf(out);
        // The trained model is saved as float16; the import is float32.
        for (String name : List.of("conv1.weight", "layer2.0.bn1.running_mean", "layer4.0.bn3.running_var")) {
            assertArrayEquals(before.get(name), after.get(name), 2e-3f * max(before.get(name)), name);
        }
        assertTrue(r.history().get(1).trainLoss() < r.history().get(0).trainLoss() * 1.05, "head learns: " + r.history());
        try (Classifier c = Classifier.load(out)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> init = (Map<String, Object>) c.card().training().get("initialisation");
            assertEquals("tiny-backbone", init.get("from"));
            assertEquals("torchvision layout, random weights", init.get("weights"));
            assertEquals("backbone", init.get("copied"));
            assertEquals(2, ((Number) init.get("freezeEpochs")).intValue());
        }
    }

    @Test
    void unfrozenBackboneLearnsAfterTheFrozenEpochsAtALowerRate() throws Exception {
        Path out = dir.resolve("tuned");
        List<EpochStats> seen = new ArrayList<>();
        EpochListener l = new EpochListener() {
            @Override
            public void onEpoch(EpochStats s) {
                seen.add(s);
            }
        };
        TrainingOutcome r = BundleTrainer.train(dataset, split, config(4, new Initialisation(backbone, 1, 0.1)), "tuned", out,
                true, l, Progress.none());
        assertEquals(4, seen.size());
        Map<String, float[]> before = backboneOf(backbone);
        Map<String, float[]> after = backboneOf(out);
        assertFalse(Arrays.equals(before.get("layer1.0.conv2.weight"), after.get("layer1.0.conv2.weight")),
                "the backbone trains once unfrozen");
        assertFalse(Arrays.equals(before.get("layer1.0.bn2.running_mean"), after.get("layer1.0.bn2.running_mean")),
                "its BatchNorm statistics follow the new data once unfrozen");
        assertTrue(r.history().get(3).trainLoss() < r.history().get(0).trainLoss(), "loss falls: " + r.history());
    }

    @Test
    void startingFromAnotherArchitectureIsRefused() {
        TrainConfig cfg = new TrainConfig("resnet50-lstm", 64, 8, 1, 1e-3, 0, 7, 0, 2, Augmentation.none())
                .withInit(new Initialisation(backbone, 0, 1));
        ModelBundleException e = assertThrows(ModelBundleException.class, () -> BundleTrainer.train(dataset, split, cfg,
                "x", dir.resolve("never"), true, new EpochListener() { }, Progress.none()));
        assertTrue(e.getMessage().contains("tiny-resnet-lstm") && e.getMessage().contains("tiny-backbone"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("never")));
    }

    @Test
    void aBackboneGivesNoVerdicts() {
        ModelBundleException e = assertThrows(ModelBundleException.class, () -> Classifier.load(backbone));
        assertTrue(e.getMessage().contains("untrained head"), e.getMessage());
    }

    private static float max(float[] v) {
        float m = 0;
        for (float x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }
}
