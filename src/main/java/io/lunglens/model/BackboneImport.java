package io.lunglens.model;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import io.lunglens.imaging.FileHash;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Imports torchvision ResNet weights into a LungLens backbone bundle. Every tensor of our backbone must be found in
 * the source under its torchvision name with the same shape, BatchNorm running statistics included; the ImageNet
 * classifier (fc.*) and BatchNorm's batch counters are the only tensors left out, and anything else is an error that
 * names it. The file is read as data by our own {@link TorchArchive}; only on request (checkLogits) is a TorchScript
 * source also loaded into DJL's PyTorch engine and run, its logits compared with ours. That runs the file's own
 * program inside this process, so it is for files whose origin is trusted.
 */
public final class BackboneImport {

    /** What the card says of weights imported without a more specific description. */
    public static final String IMAGENET = "ImageNet, torchvision weights";

    /** The card's training.kind of a backbone bundle. */
    public static final String KIND = "backbone";

    /** Largest |ours - source| / max|source| accepted when the source's own outputs are compared with ours. */
    static final double TOLERANCE = 1e-4;

    /**
     * @param card            the saved backbone bundle's card
     * @param imported        tensors copied into the backbone
     * @param ignored         source tensors deliberately left out (fc.*, num_batches_tracked)
     * @param checkedLogits   how many of the source's outputs were compared with ours (0 when it has none to compare)
     * @param relativeError   max |ours - source| / max |source| over those outputs, NaN when none were compared
     */
    public record Result(ModelCard card, Path out, int imported, int ignored, int checkedLogits, double relativeError) {
    }

    private BackboneImport() {
    }

    /** {@link #run(Path, Path, String, Architecture, String, boolean)} reading the file as data only. */
    public static Result run(Path source, Path out, String name, Architecture arch, String description)
            throws ModelBundleException {
        return run(source, out, name, arch, description, false);
    }

    /**
     * Reads source, checks it against the architecture's backbone and saves a bundle (float32, so nothing imported
     * is rounded) whose head is freshly initialised. description says what the weights are, e.g. {@link #IMAGENET}.
     * checkLogits also runs a TorchScript source's own forward pass in libtorch (see the class comment).
     */
    public static Result run(Path source, Path out, String name, Architecture arch, String description,
                             boolean checkLogits) throws ModelBundleException {
        Map<String, TorchArchive.Tensor> tensors = read(source);
        ModelCard card = ModelCard.draft(name, arch, 224, false);
        try (ModelBundle bundle = ModelBundle.fresh(card)) {
            Map<String, Parameter> target = ResNetLstm.torchParameters(bundle.network().backbone());
            int ignored = check(source, tensors, target,
                    arch.equals(Architecture.RESNET50_LSTM) ? "ResNet50" : arch.name() + " (ResNet layout)");
            EngineBootstrap.inferenceThread();
            for (Map.Entry<String, Parameter> e : target.entrySet()) {
                NDArray a = e.getValue().getArray();
                a.set(tensors.get(e.getKey()).values());
            }
            double[] verified = checkLogits && isTorchScript(source)
                    ? compareWithSource(source, bundle.network(), tensors)
                    : new double[] {0, Double.NaN};
            if (verified[1] > TOLERANCE) {
                throw new ModelBundleException(source, String.format(Locale.ROOT,
                        "the imported backbone does not reproduce the file's own outputs (relative error %.2g):"
                                + " it is not a torchvision ResNet of this layout", verified[1]));
            }
            Map<String, Object> provenance = new LinkedHashMap<>();
            provenance.put("kind", KIND);
            provenance.put("source", source.toAbsolutePath().normalize().toString());
            provenance.put("sourceSha256", sha256(source));
            provenance.put("weights", description);
            provenance.put("importedTensors", target.size());
            provenance.put("ignoredTensors", ignored);
            if (verified[0] > 0) {
                provenance.put("checkedAgainstSource", String.format(Locale.ROOT,
                        "%d logits, max relative error %.2g", (int) verified[0], verified[1]));
            }
            ModelCard saved = ModelBundle.save(out, bundle.network(), card.withTraining(provenance).withCreatedNow(),
                    Map.of(), true);
            return new Result(saved, out, target.size(), ignored, (int) verified[0], verified[1]);
        }
    }

    /** Every tensor of a TorchScript / torch.save archive, or of an .npz or .safetensors state dict. */
    public static Map<String, TorchArchive.Tensor> read(Path source) throws ModelBundleException {
        if (!Files.isRegularFile(source)) {
            throw new ModelBundleException(source, Files.exists(source) ? "not a file" : "no such file");
        }
        try {
            if (isTorchScript(source)) {
                return TorchArchive.read(source);
            }
            String n = source.getFileName().toString().toLowerCase(Locale.ROOT);
            if (n.endsWith(".npz") || n.endsWith(".safetensors")) {
                return readNdList(source);
            }
            if (n.endsWith(".pt") || n.endsWith(".pth") || n.endsWith(".zip")) {
                return TorchArchive.read(source);
            }
        } catch (IOException e) {
            throw new ModelBundleException(source, e.getMessage(), e);
        }
        throw new ModelBundleException(source, "unknown weights format: expected a TorchScript .pt file, or a state"
                + " dict as .npz or .safetensors");
    }

    private static Map<String, TorchArchive.Tensor> readNdList(Path source) throws IOException {
        Map<String, TorchArchive.Tensor> out = new LinkedHashMap<>();
        try (NDManager m = EngineBootstrap.engine().newBaseManager(); InputStream in = Files.newInputStream(source)) {
            NDList list;
            try {
                list = NDList.decode(m, in);
            } catch (RuntimeException e) {
                throw new IOException("cannot read the state dict (truncated or not .npz/.safetensors): "
                        + e.getMessage(), e);
            }
            for (NDArray a : list) {
                String key = a.getName();
                if (key == null) {
                    throw new IOException("the state dict has an unnamed array");
                }
                key = key.endsWith(".npy") ? key.substring(0, key.length() - 4) : key;
                float[] v = a.toType(DataType.FLOAT32, false).toFloatArray();
                out.put(key, new TorchArchive.Tensor(key, a.getShape().getShape(), a.getDataType().name(), v));
            }
        }
        return out;
    }

    /**
     * Checks names and shapes; returns how many source tensors are deliberately ignored. The message names the first
     * offending tensors and, for a BasicBlock network, says it looks like resnet18/34.
     */
    static int check(Path source, Map<String, TorchArchive.Tensor> tensors, Map<String, Parameter> target,
                     String label) throws ModelBundleException {
        List<String> missing = new ArrayList<>();
        List<String> wrongShape = new ArrayList<>();
        for (Map.Entry<String, Parameter> e : target.entrySet()) {
            TorchArchive.Tensor t = tensors.get(e.getKey());
            if (t == null) {
                missing.add(e.getKey());
            } else if (!new Shape(t.shape()).equals(e.getValue().getArray().getShape())) {
                wrongShape.add(e.getKey() + " is " + t.shapeText() + ", needs "
                        + Arrays.toString(e.getValue().getArray().getShape().getShape()));
            }
        }
        List<String> extra = new ArrayList<>();
        int ignored = 0;
        for (String k : tensors.keySet()) {
            if (!target.containsKey(k)) {
                if (ignorable(k)) {
                    ignored++;
                } else {
                    extra.add(k);
                }
            }
        }
        if (missing.isEmpty() && wrongShape.isEmpty() && extra.isEmpty()) {
            return ignored;
        }
        StringBuilder why = new StringBuilder("not a torchvision " + label + " backbone: ");
        List<String> parts = new ArrayList<>();
        if (!missing.isEmpty()) {
            parts.add(missing.size() + " tensor(s) missing (first " + missing.get(0) + ")");
        }
        if (!wrongShape.isEmpty()) {
            parts.add(wrongShape.size() + " of the wrong shape (first " + wrongShape.get(0) + ")");
        }
        if (!extra.isEmpty()) {
            parts.add(extra.size() + " unexpected (first " + extra.get(0) + ")");
        }
        why.append(String.join("; ", parts));
        if (tensors.containsKey("layer1.0.conv2.weight") && !tensors.containsKey("layer1.0.conv3.weight")) {
            why.append("; it has BasicBlocks, like resnet18 or resnet34");
        }
        throw new ModelBundleException(source, why.toString());
    }

    private static boolean ignorable(String name) {
        return name.equals("fc.weight") || name.equals("fc.bias") || name.endsWith(".num_batches_tracked");
    }

    private static boolean isTorchScript(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(4);
            return head.length == 4 && head[0] == 'P' && head[1] == 'K' && !file.toString().endsWith(".npz");
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Runs the TorchScript module and our backbone + average pool + the file's own fc on the same seeded input and
     * returns {compared outputs, max relative error}; {0, NaN} when the file has no fc to compare through.
     */
    static double[] compareWithSource(Path source, ResNetLstm network, Map<String, TorchArchive.Tensor> tensors)
            throws ModelBundleException {
        TorchArchive.Tensor w = tensors.get("fc.weight");
        TorchArchive.Tensor b = tensors.get("fc.bias");
        if (w == null || b == null || w.shape().length != 2
                || w.shape()[1] != network.architecture().featureChannels()) {
            return new double[] {0, Double.NaN};
        }
        int size = 64;
        float[] x = new float[2 * 3 * size * size];
        Random rnd = new Random(7);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        float[] theirs;
        try (Model m = Model.newInstance("import-check", "PyTorch")) {
            try {
                m.load(source);
            } catch (Exception e) {
                throw new ModelBundleException(source, "DJL's PyTorch engine cannot load it as TorchScript: "
                        + e.getMessage(), e);
            }
            Block module = m.getBlock();
            try (NDManager scope = m.getNDManager().newSubManager()) {
                NDArray in = scope.create(x, new Shape(2, 3, size, size));
                theirs = module.forward(new ParameterStore(scope, false), new NDList(in), false).head().toFloatArray();
            } catch (RuntimeException e) {
                throw new ModelBundleException(source, "the TorchScript module does not run on a (2,3,64,64) image"
                        + " batch: " + e.getMessage(), e);
            }
        }
        float[] ours = pooledLogits(network.backbone(), x, size, w, b);
        if (ours.length != theirs.length) {
            return new double[] {0, Double.NaN};
        }
        double maxAbs = 0;
        double maxDiff = 0;
        for (int i = 0; i < ours.length; i++) {
            maxAbs = Math.max(maxAbs, Math.abs(theirs[i]));
            maxDiff = Math.max(maxDiff, Math.abs(theirs[i] - ours[i]));
        }
        return new double[] {ours.length, maxDiff / Math.max(maxAbs, 1e-12)};
    }

    /** Backbone, global average pool and a linear layer, as torchvision's ResNet ends; inference mode. */
    static float[] pooledLogits(ResNetBackbone backbone, float[] x, int size, TorchArchive.Tensor w,
                                TorchArchive.Tensor b) {
        EngineBootstrap.inferenceThread();
        NDManager owner = backbone.getParameters().valueAt(0).getArray().getManager();
        try (NDManager scope = owner.newSubManager()) {
            NDArray in = scope.create(x, new Shape(x.length / (3L * size * size), 3, size, size));
            NDArray f = backbone.forward(new ParameterStore(scope, false), new NDList(in), false).head();
            // NDArray.mean takes one axis at a time here.
            NDArray pooled = f.mean(new int[] {3}).mean(new int[] {2});
            NDArray weight = scope.create(w.values(), new Shape(w.shape()));
            NDArray bias = scope.create(b.values(), new Shape(b.shape()));
            return pooled.matMul(weight.transpose()).add(bias).toFloatArray();
        }
    }

    static String sha256(Path file) throws ModelBundleException {
        try {
            return FileHash.sha256(file);
        } catch (IOException e) {
            throw new ModelBundleException(file, "cannot read: " + e.getMessage(), e);
        }
    }
}
