package io.lunglens.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lunglens.model.Architecture;
import io.lunglens.model.BackboneImport;
import io.lunglens.model.EngineBootstrap;
import io.lunglens.model.ModelBundle;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * bench/backbone-parity.sh's Java half: imports the traced torchvision resnet50 through lunglens' importer, reloads
 * the saved backbone bundle and compares its feature map with PyTorch's on the same input. Usage: ParityBench OUT_DIR.
 */
public final class ParityBench {

    private ParityBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long t0 = System.nanoTime();
        BackboneImport.Result r = BackboneImport.run(dir.resolve("resnet50.pt"), dir.resolve("backbone"), "parity",
                Architecture.RESNET50_LSTM, "torchvision resnet50, random weights (seed 0), not ImageNet", true);
        double importMs = (System.nanoTime() - t0) / 1e6;
        float[] x = floats(dir.resolve("input.f32"));
        float[] theirs = floats(dir.resolve("features.f32"));
        float[] ours;
        try (ModelBundle b = ModelBundle.load(dir.resolve("backbone"))) {
            EngineBootstrap.inferenceThread();
            try (NDManager scope = b.model().getNDManager().newSubManager()) {
                NDArray in = scope.create(x, new Shape(2, 3, 224, 224));
                ours = b.network().backbone().forward(new ParameterStore(scope, false), new NDList(in), false)
                        .head().toFloatArray();
            }
        }
        double maxAbs = 0;
        double maxDiff = 0;
        double sumSq = 0;
        double diffSq = 0;
        for (int i = 0; i < ours.length; i++) {
            maxAbs = Math.max(maxAbs, Math.abs(theirs[i]));
            double d = Math.abs(ours[i] - theirs[i]);
            maxDiff = Math.max(maxDiff, d);
            sumSq += (double) theirs[i] * theirs[i];
            diffSq += d * d;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("values", ours.length);
        out.put("imported_tensors", r.imported());
        out.put("ignored_tensors", r.ignored());
        out.put("import_ms", importMs);
        out.put("logits_checked", r.checkedLogits());
        out.put("logits_relative_error", r.relativeError());
        out.put("feature_max_abs", maxAbs);
        out.put("feature_max_abs_diff", maxDiff);
        out.put("feature_max_relative_error", maxDiff / maxAbs);
        out.put("feature_rms_relative_error", Math.sqrt(diffSq / sumSq));
        out.put("card_weights", r.card().training().get("weights"));
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(dir.resolve("java.json").toFile(), out);
    }

    private static float[] floats(Path f) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[b.remaining() / 4];
        b.asFloatBuffer().get(v);
        return v;
    }
}
