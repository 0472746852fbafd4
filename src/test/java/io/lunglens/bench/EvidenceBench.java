package io.lunglens.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.lunglens.imaging.Filters;
import io.lunglens.imaging.ImageLoader;
import io.lunglens.imaging.LungFields;
import io.lunglens.imaging.LungMask;
import io.lunglens.imaging.ModelInput;
import io.lunglens.imaging.XrayImage;
import io.lunglens.model.Classifier;
import io.lunglens.model.EvidenceMethod;
import io.lunglens.model.Explanation;
import io.lunglens.model.GradientScope;
import io.lunglens.model.InputTensor;
import io.lunglens.model.LstmHead;
import io.lunglens.model.ResNetLstm;
import io.lunglens.task.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * bench/evidence-maps.sh's Java half: for each model and its fresh phantoms (with true lung and lesion masks), the
 * share of each evidence map inside the lungs, explaining the predicted class, and the time each map takes.
 * Usage: EvidenceBench OUT.json PER_CLASS NAME=BUNDLE=DATA_DIR...
 */
public final class EvidenceBench {

    private static final int IG_STEPS = 16;

    private EvidenceBench() {
    }

    /** One evidence method: an image-size map in [0,1] or any non-negative map at some size, with its size. */
    private interface Method {
        float[][] map(Classifier c, XrayImage img, int cls);
    }

    public static void main(String[] args) throws Exception {
        int perClass = Integer.parseInt(args[1]);
        Map<String, Method> methods = new LinkedHashMap<>();
        methods.put("Grad-CAM", (c, img, k) -> image(c.explain(img, k)));
        methods.put("Grad×activation (HiResCAM)", (c, img, k) -> featureMap(c, img, k, false));
        methods.put("integrated gradients on the feature map", (c, img, k) -> featureMap(c, img, k, true));
        methods.put("input-gradient saliency", EvidenceBench::saliency);
        // The shortcut check's two methods, as the product runs them: the fast one hides the lungs it segments.
        methods.put("occlusion 8×8 (the thorough check)", (c, img, k) -> image(EvidenceMethod.THOROUGH.explain(c, img,
                k, null, Progress.none())));
        methods.put("lung-field occlusion, segmented lungs (the fast check)", (c, img, k) ->
                image(EvidenceMethod.FAST.explain(c, img, k, LungFields.segment(img), Progress.none())));
        Map<String, Object> out = new LinkedHashMap<>();
        for (int a = 2; a < args.length; a++) {
            String[] spec = args[a].split("=", 3);
            out.put(spec[0], model(Path.of(spec[1]), Path.of(spec[2]), perClass, methods));
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(Path.of(args[0]).toFile(), out);
    }

    private static Map<String, Object> model(Path bundle, Path data, int perClass, Map<String, Method> methods)
            throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        try (Classifier c = Classifier.load(bundle)) {
            result.put("inputSize", c.card().inputSize());
            Map<String, double[]> share = new LinkedHashMap<>();
            Map<String, Double> millis = new LinkedHashMap<>();
            double oracle = 0;
            double area = 0;
            int n = 0;
            int covid = 0;
            for (String cls : List.of("COVID", "Normal")) {
                List<Path> files;
                try (var s = Files.list(data.resolve(cls).resolve("images"))) {
                    files = s.sorted().limit(perClass).toList();
                }
                for (Path f : files) {
                    XrayImage img = ImageLoader.load(f);
                    LungMask lungs = LungMask.of(ImageLoader.load(data.resolve(cls).resolve("masks").resolve(f.getFileName())));
                    int k = c.predict(img).classIndex();
                    for (Map.Entry<String, Method> m : methods.entrySet()) {
                        long t0 = System.nanoTime();
                        float[][] map = m.getValue().map(c, img, k);
                        millis.merge(m.getKey(), (System.nanoTime() - t0) / 1e6, Double::sum);
                        double v = lungs.share(map[0], (int) map[1][0], (int) map[1][1]);
                        double[] acc = share.computeIfAbsent(m.getKey(), x -> new double[4]);
                        int slot = cls.equals("COVID") ? 0 : 2;
                        if (!Double.isNaN(v)) {
                            acc[slot] += v;
                            acc[slot + 1]++;
                        }
                    }
                    area += lungs.area();
                    n++;
                    Path lesion = data.resolve(cls).resolve("lesions").resolve(f.getFileName());
                    double best = Files.exists(lesion)
                            ? lungs.share(lesionAtFeatureSize(c, ImageLoader.load(lesion)), img.width(), img.height())
                            : Double.NaN;
                    if (!Double.isNaN(best)) { // a normal phantom's lesion mask is empty
                        oracle += best;
                        covid++;
                    }
                }
            }
            Map<String, Object> byMethod = new LinkedHashMap<>();
            for (Map.Entry<String, double[]> e : share.entrySet()) {
                double[] a = e.getValue();
                byMethod.put(e.getKey(), Map.of("COVID", mean(a[0], a[1]), "Normal", mean(a[2], a[3]),
                        "emptyMaps", 2 * perClass - (int) (a[1] + a[3]), "millisPerImage", millis.get(e.getKey()) / n));
            }
            result.put("images", n);
            result.put("lungArea", area / n);
            result.put("lesionMaskAtFeatureResolution", covid == 0 ? Double.NaN : oracle / covid);
            result.put("methods", byMethod);
        }
        return result;
    }

    private static double mean(double sum, double n) {
        return n == 0 ? Double.NaN : sum / n;
    }

    private static float[][] image(Explanation e) {
        return new float[][] {e.cam(), {e.width(), e.height()}};
    }

    /** The true lesion mask seen at the feature map's resolution, then drawn as Grad-CAM draws: the best a map
     * on that grid could do. */
    private static float[] lesionAtFeatureSize(Classifier c, XrayImage lesion) {
        int f = c.card().inputSize() / 32;
        float[] small = ModelInput.resample(ModelInput.toUnit(lesion), lesion.width(), lesion.height(), f, f);
        return Filters.smoothUpsample(small, f, f, lesion.width(), lesion.height());
    }

    /** Gradient × activation on the last feature map, summed over channels (HiResCAM), or the same with the
     * gradient averaged along a straight path from zero features (integrated gradients). */
    private static float[][] featureMap(Classifier c, XrayImage img, int cls, boolean integrated) {
        ResNetLstm net = c.bundle().network();
        try (NDManager scope = c.bundle().model().getNDManager().newSubManager()) {
            ParameterStore ps = new ParameterStore(scope, false);
            NDArray f = net.backbone().forward(ps, new NDList(InputTensor.of(scope, c.card(), List.of(img))), false)
                    .singletonOrThrow();
            int steps = integrated ? IG_STEPS : 1;
            float[] alpha = new float[steps];
            for (int i = 0; i < steps; i++) {
                alpha[i] = integrated ? (i + 0.5f) / steps : 1f;
            }
            NDArray path = f.mul(scope.create(alpha, new Shape(steps, 1, 1, 1)));
            path.setRequiresGradient(true);
            LstmHead head = net.head();
            head.freezeParameters(true);
            try (GradientScope gc = GradientScope.open()) {
                NDArray o = head.forward(ps, new NDList(path), false).singletonOrThrow();
                gc.backward(o.get(":, " + cls).sub(o.get(":, " + (1 - cls))).sum());
            } finally {
                head.freezeParameters(false);
            }
            NDArray g = path.getGradient().mean(new int[] {0}).expandDims(0);
            int side = (int) f.getShape().get(3);
            float[] m = g.mul(f).sum(new int[] {1}).maximum(0f).toFloatArray();
            return new float[][] {Filters.smoothUpsample(m, side, side, img.width(), img.height()),
                    {img.width(), img.height()}};
        }
    }

    /** |d margin / d input| summed over channels, smoothed by a box of 1/32 of the input. */
    private static float[][] saliency(Classifier c, XrayImage img, int cls) {
        int size = c.card().inputSize();
        ResNetLstm net = c.bundle().network();
        try (NDManager scope = c.bundle().model().getNDManager().newSubManager()) {
            NDArray x = InputTensor.of(scope, c.card(), List.of(img));
            x.setRequiresGradient(true);
            ParameterStore ps = new ParameterStore(scope, false);
            net.freezeParameters(true);
            try (GradientScope gc = GradientScope.open()) {
                NDArray o = net.forward(ps, new NDList(x), false).singletonOrThrow();
                gc.backward(o.get(0, cls).sub(o.get(0, 1 - cls)));
            } finally {
                net.freezeParameters(false);
            }
            float[] g = x.getGradient().abs().sum(new int[] {1}).toFloatArray();
            int r = Math.max(1, size / 32);
            return new float[][] {Filters.boxBlur(Filters.boxBlur(g, size, size, r), size, size, r), {size, size}};
        }
    }
}
