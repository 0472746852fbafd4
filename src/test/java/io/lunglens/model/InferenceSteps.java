package io.lunglens.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * bench/model.sh's step table: the ResNet50-LSTM at 224² (random weights, random BatchNorm statistics) as the bundle's
 * own blocks, folded in torch's default layout, and folded channels-last, timed in turn rep by rep at batch 1 and 8,
 * under one oneDNN instruction-set cap per process. Usage: InferenceSteps OUT.json REPS ISA|default VARIANT,...
 * (VARIANT: unfolded, folded-nchw, folded-nhwc). Also times one JNI call (a relu of one value).
 */
public final class InferenceSteps {

    private InferenceSteps() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        int reps = Integer.parseInt(args[1]);
        List<String> variants = List.of(args[3].split(","));
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("loadavg_start", loadavg());
        EngineBootstrap.engine().setRandomSeed(1);
        if (!args[2].equals("default")) {
            // After the engine's start (which applies the product's cap), before oneDNN's first use reads it.
            LibC.INSTANCE.setenv(OneDnnIsa.VARIABLE, args[2], 1);
        }
        r.put("isa", String.valueOf(OneDnnIsa.nativeValue()));
        r.put("caches_visible", OneDnnIsa.cachesVisible());
        try (ModelBundle b = ModelBundle.fresh(ModelCard.draft("steps", Architecture.RESNET50_LSTM, 224, true));
             NDManager m = b.model().getNDManager().newSubManager()) {
            EngineBootstrap.inferenceThread();
            ResNetLstm net = b.network();
            FoldedBackboneTest.randomiseBatchNorm(net, new java.util.Random(3));
            Map<String, Function<NDArray, NDArray>> all = new LinkedHashMap<>();
            FoldedBackbone nchw = FoldedBackbone.fold(net.backbone(), m, false);
            FoldedBackbone nhwc = FoldedBackbone.fold(net.backbone(), m, true);
            all.put("unfolded", x -> net.backbone().forwardPooled(new ParameterStore(x.getManager(), false), x).get(0));
            all.put("folded-nchw", x -> nchw.forwardPooled(x).get(0));
            all.put("folded-nhwc", x -> nhwc.forwardPooled(x).get(0));
            NDArray x1 = m.randomNormal(new Shape(1, 3, 224, 224));
            NDArray x8 = m.randomNormal(new Shape(8, 3, 224, 224));
            float[] ref = logits(net, all.get("unfolded"), x8);
            Map<String, Object> diff = new LinkedHashMap<>();
            for (String v : variants) {
                diff.put(v, maxDiff(ref, logits(net, all.get(v), x8)));
                logits(net, all.get(v), x1);
            }
            r.put("max_logit_diff_vs_unfolded", diff);
            Map<String, double[][]> t = new LinkedHashMap<>();
            for (String v : variants) {
                t.put(v, new double[2][reps]);
            }
            for (int i = 0; i < reps; i++) {
                for (String v : variants) {
                    t.get(v)[0][i] = millis(() -> logits(net, all.get(v), x1));
                    t.get(v)[1][i] = millis(() -> logits(net, all.get(v), x8));
                }
            }
            Map<String, Object> times = new LinkedHashMap<>();
            t.forEach((v, a) -> times.put(v, Map.of("b1_ms", median(a[0]), "b8_ms", median(a[1]))));
            r.put("times", times);
            r.put("jni_us_per_call", jniMicros(m));
        }
        r.put("loadavg", loadavg());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), r);
    }

    /** The whole network's logits with the backbone given, in a scope of their own. */
    private static float[] logits(ResNetLstm net, Function<NDArray, NDArray> backbone, NDArray x) {
        try (NDManager s = x.getManager().newSubManager()) {
            NDArray in = x.duplicate();
            in.attach(s);
            NDArray f = backbone.apply(in);
            return net.head().forward(new ParameterStore(s, false), new NDList(f), false).singletonOrThrow()
                    .toFloatArray();
        }
    }

    /** One libtorch call through DJL's JNI on a one-value array, in microseconds (median of 20 runs of 2,000). */
    private static double jniMicros(NDManager m) {
        double[] t = new double[20];
        try (NDManager s = m.newSubManager()) {
            NDArray one = s.create(new float[] {1f});
            for (int k = 0; k < t.length; k++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < 2000; i++) {
                    Activation.relu(one).close();
                }
                t[k] = (System.nanoTime() - t0) / 1e3 / 2000;
            }
        }
        return median(t);
    }

    private static double millis(Runnable work) {
        long t0 = System.nanoTime();
        work.run();
        return (System.nanoTime() - t0) / 1e6;
    }

    private static double median(double[] a) {
        double[] c = a.clone();
        Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
    }

    private static double maxDiff(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }

    private static String loadavg() throws java.io.IOException {
        return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    }
}
