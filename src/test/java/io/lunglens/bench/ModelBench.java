package io.lunglens.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.lunglens.imaging.ImageLoader;
import io.lunglens.imaging.ModelInput;
import io.lunglens.imaging.XrayImage;
import io.lunglens.model.Architecture;
import io.lunglens.model.Classifier;
import io.lunglens.model.EngineBootstrap;
import io.lunglens.model.InputTensor;
import io.lunglens.model.ModelBundle;
import io.lunglens.model.ModelCard;
import io.lunglens.model.Prediction;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * bench/model.sh's Java half: times the real ResNet50-LSTM (random weights) and exports its weights and input so
 * bench/model_torch.py runs the identical network on the identical tensor. Usage: ModelBench OUT_DIR REPS.
 */
public final class ModelBench {

    private ModelBench() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        int reps = Integer.parseInt(args[1]);
        Files.createDirectories(out);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("loadavg_start", Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        long t0 = System.nanoTime();
        EngineBootstrap.engine().setRandomSeed(1);
        r.put("engine_start_ms", ms(t0));

        List<XrayImage> images = new ArrayList<>();
        try (Stream<Path> s = Stream.concat(Files.list(Path.of("assets/samples/covid")),
                Files.list(Path.of("assets/samples/normal")))) {
            for (Path p : s.filter(p -> p.toString().endsWith(".png")).sorted().limit(8).toList()) {
                images.add(ImageLoader.load(p));
            }
        }
        Path bundleDir = out.resolve("bundle");
        try (ModelBundle fresh = ModelBundle.fresh(ModelCard.draft("bench", Architecture.RESNET50_LSTM, 224, true))) {
            long s = System.nanoTime();
            ModelBundle.save(bundleDir, fresh.network(), fresh.card());
            r.put("bundle_save_ms", ms(s));
        }
        r.put("bundle_weights_mb", Files.size(bundleDir.resolve(ModelBundle.WEIGHTS_FILE)) / 1e6);
        long s = System.nanoTime();
        try (Classifier c = Classifier.load(bundleDir)) {
            r.put("bundle_load_ms", ms(s));
            ModelBundle b = c.bundle();
            exportWeights(b, out);
            r.put("peak_rss_setup_mb", peakRssMb());
            // Measure inference alone: the export above held extra copies. Writing 5 resets VmHWM (Linux >= 4.0).
            System.gc();
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            XrayImage one = images.get(0);
            List<XrayImage> eight = images;
            float[] planes8 = planes(eight, c.card().inputSize());
            float[] planes1 = Arrays.copyOf(planes8, planes8.length / 8);
            try (NDManager scope = b.model().getNDManager().newSubManager()) {
                NDArray x1 = InputTensor.fromPlanes(scope, c.card(), planes1, 1);
                NDArray x8 = InputTensor.fromPlanes(scope, c.card(), planes8, 8);
                writeFloats(out.resolve("input8.f32"), x8.toFloatArray());
                // The product's path (the Classifier's folded backbone) and the bundle's own blocks, in turn.
                Map<String, Supplier<?>> work = new LinkedHashMap<>();
                work.put("forward_b1_ms", () -> c.predictPlanes(planes1, 1));
                work.put("forward_b8_ms", () -> c.predictPlanes(planes8, 8));
                work.put("unfolded_b1_ms", () -> forward(b, x1));
                work.put("unfolded_b8_ms", () -> forward(b, x8));
                r.put("logits_batch8", logits(c.predictPlanes(planes8, 8)));
                r.put("unfolded_logits_batch8", forward(b, x8));
                r.putAll(interleaved(reps, work));
            }
            r.put("predict_b1_ms", median(reps, () -> c.predict(one)));
            r.put("explain_b1_ms", median(reps, () -> c.explain(one)));
            r.put("predict_b8_ms", median(reps, () -> c.predictBatch(eight)));
            r.put("image_px", one.width() + "x" + one.height());
        }
        r.put("peak_rss_mb", peakRssMb());
        r.put("threads", System.getProperty("ai.djl.pytorch.num_threads"));
        r.put("loadavg", Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("java.json").toFile(), r);
    }

    private static float[] forward(ModelBundle b, NDArray x) {
        try (NDManager scope = b.model().getNDManager().newSubManager()) {
            NDArray in = x.duplicate();
            in.attach(scope);
            return b.network().forward(new ParameterStore(scope, false), new NDList(in), false)
                    .singletonOrThrow().toFloatArray();
        }
    }

    /** As {@link #median} for several kinds of work, run in turn rep by rep so that the machine's drift hits all. */
    private static Map<String, double[]> interleaved(int reps, Map<String, Supplier<?>> work) {
        Map<String, double[]> t = new LinkedHashMap<>();
        Map<String, double[]> cpu = new LinkedHashMap<>();
        for (int w = 0; w < 2; w++) {
            work.values().forEach(Supplier::get);
        }
        work.keySet().forEach(k -> t.put(k, new double[reps]));
        work.keySet().forEach(k -> cpu.put(k, new double[reps]));
        for (int i = 0; i < reps; i++) {
            for (Map.Entry<String, Supplier<?>> e : work.entrySet()) {
                long c = cpuNanos();
                long s = System.nanoTime();
                e.getValue().get();
                t.get(e.getKey())[i] = (System.nanoTime() - s) / 1e6;
                cpu.get(e.getKey())[i] = (cpuNanos() - c) / 1e6;
            }
        }
        Map<String, double[]> out = new LinkedHashMap<>();
        t.forEach((k, v) -> out.put(k, medianBestCpu(v, cpu.get(k))));
        return out;
    }

    private static float[] planes(List<XrayImage> images, int size) {
        float[] out = new float[images.size() * size * size];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(ModelInput.toTensorData(images.get(i), size), 0, out, i * size * size, size * size);
        }
        return out;
    }

    private static float[] logits(List<Prediction> predictions) {
        float[] out = new float[0];
        for (Prediction p : predictions) {
            float[] l = p.logits();
            out = Arrays.copyOf(out, out.length + l.length);
            System.arraycopy(l, 0, out, out.length - l.length, l.length);
        }
        return out;
    }

    /** {median, best, median CPU} of reps timed runs after two warm-ups, in ms. */
    private static double[] median(int reps, Supplier<?> work) {
        for (int i = 0; i < 2; i++) {
            work.get();
        }
        double[] t = new double[reps];
        double[] cpu = new double[reps];
        for (int i = 0; i < reps; i++) {
            long c = cpuNanos();
            long s = System.nanoTime();
            work.get();
            t[i] = (System.nanoTime() - s) / 1e6;
            cpu[i] = (cpuNanos() - c) / 1e6;
        }
        return medianBestCpu(t, cpu);
    }

    /** {median, best, median process CPU time}: CPU time counts the work done, whatever else runs on the cores. */
    private static double[] medianBestCpu(double[] t, double[] cpu) {
        Arrays.sort(t);
        return new double[] {median(t), t[0], median(cpu.clone())};
    }

    private static double median(double[] v) {
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** weights.tsv (torch name, shape, float offset) and weights.f32 (little-endian float32, as loaded). */
    private static void exportWeights(ModelBundle b, Path out) throws IOException {
        StringBuilder index = new StringBuilder();
        long offset = 0;
        try (OutputStream os = Files.newOutputStream(out.resolve("weights.f32"));
             DataOutputStream d = new DataOutputStream(new BufferedOutputStream(os, 1 << 20))) {
            for (Map.Entry<String, Parameter> e : b.network().torchParameters().entrySet()) {
                float[] v = e.getValue().getArray().toFloatArray();
                index.append(e.getKey()).append('\t')
                        .append(Arrays.toString(e.getValue().getArray().getShape().getShape()).replaceAll("[\\[\\] ]", ""))
                        .append('\t').append(offset).append('\n');
                ByteBuffer bb = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                bb.asFloatBuffer().put(v);
                d.write(bb.array());
                offset += v.length;
            }
        }
        Files.writeString(out.resolve("weights.tsv"), index);
    }

    private static void writeFloats(Path file, float[] v) throws IOException {
        ByteBuffer bb = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bb.asFloatBuffer().put(v);
        Files.write(file, bb.array());
    }

    private static double ms(long start) {
        return (System.nanoTime() - start) / 1e6;
    }

    private static double peakRssMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        return -1;
    }
}
