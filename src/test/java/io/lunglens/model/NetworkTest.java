package io.lunglens.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real ResNet50-LSTM: names, shapes and counts against torchvision; output shape at 224². */
class NetworkTest {

    private static ModelBundle full;

    @BeforeAll
    static void build() {
        full = ModelBundle.fresh(ModelCard.draft("full", Architecture.RESNET50_LSTM, 224, true));
    }

    @AfterAll
    static void close() {
        full.close();
    }

    /** name -> "shape kind" from the fixture made by make-torchvision-fixture.py. */
    private static Map<String, String> torchvision() throws IOException {
        try (InputStream in = NetworkTest.class.getResourceAsStream("/model/torchvision-resnet50-state.tsv")) {
            Map<String, String> out = new LinkedHashMap<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String[] f = line.split("\t", -1);
                // num_batches_tracked is torch's bookkeeping for momentum=None; DJL BatchNorm has no such state.
                if (line.startsWith("#") || f[0].endsWith("num_batches_tracked")) {
                    continue;
                }
                out.put(f[0], f[1] + " " + f[2]);
            }
            return out;
        }
    }

    /** The strided shortcut's rewrite: sampling every second pixel, then a 1×1 convolution, is the strided one. */
    @Test
    void subsampledShortcutIsTheStridedOneByOneConvolution() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (int side : new int[] {7, 8}) {
                NDArray x = m.randomNormal(new Shape(2, 16, side, side));
                NDArray w = m.randomNormal(new Shape(32, 16, 1, 1));
                NDArray strided = Conv2d.conv2d(x, w, null, new Shape(2, 2), new Shape(0, 0), new Shape(1, 1))
                        .singletonOrThrow();
                NDArray sampled = Conv2d.conv2d(Layers.subsample(x, 2), w, null, new Shape(1, 1), new Shape(0, 0),
                        new Shape(1, 1)).singletonOrThrow();
                assertEquals(strided.getShape(), sampled.getShape());
                assertTrue(strided.allClose(sampled, 1e-5, 1e-5, false), "side " + side);
            }
        }
    }

    @Test
    void backboneMatchesTorchvisionNamesAndShapes() throws IOException {
        Map<String, String> ours = ResNetLstm.torchParameters(full.network().backbone()).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> describe(e.getValue()), (a, b) -> a, LinkedHashMap::new));
        Map<String, String> theirs = torchvision();
        assertEquals(265, theirs.size());
        assertEquals(theirs, ours);
    }

    private static String describe(Parameter p) {
        String shape = p.getArray().getShape().toString().replaceAll("[() ]", "");
        return shape + " " + (p.requiresGradient() ? "param" : "buffer");
    }

    @Test
    void parameterCountsMatchPyTorch() {
        assertEquals(23_508_032L, trainable(ResNetLstm.torchParameters(full.network().backbone())));
        assertEquals(25_869_890L, trainable(full.network().torchParameters()));
        assertEquals(2_361_344L + 514, trainable(ResNetLstm.torchParameters(full.network().head())));
    }

    private static long trainable(Map<String, Parameter> params) {
        return params.values().stream().filter(Parameter::requiresGradient)
                .mapToLong(p -> p.getArray().getShape().size()).sum();
    }

    @Test
    void input224GivesA49StepSequenceAndTwoLogits() {
        try (NDManager scope = full.model().getNDManager().newSubManager()) {
            NDArray x = scope.randomNormal(new Shape(2, 3, 224, 224));
            ParameterStore ps = new ParameterStore(scope, false);
            NDArray f = full.network().backbone().forward(ps, new NDList(x), false).singletonOrThrow();
            assertEquals(new Shape(2, 2048, 7, 7), f.getShape());
            assertEquals(49, f.getShape().get(2) * f.getShape().get(3));
            NDArray logits = full.network().forward(ps, new NDList(x), false).singletonOrThrow();
            assertEquals(new Shape(2, 2), logits.getShape());
            assertEquals(new Shape(2, 2), full.network().getOutputShapes(new Shape[] {new Shape(2, 3, 224, 224)})[0]);
        }
    }
}
