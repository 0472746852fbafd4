package io.lunglens.model;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.lunglens.task.AtomicFiles;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A model on disk: a folder with {@value #CARD_FILE} (the {@link ModelCard}) and {@value #WEIGHTS_FILE} (every
 * parameter and BatchNorm statistic as float16, under torch's names, in DJL's NDList encoding; imported backbones use
 * float32 in {@value #WEIGHTS_FILE_F32}). Loading checks the
 * checksum; saving is atomic. An open bundle owns its DJL {@link Model}: close it.
 */
public final class ModelBundle implements AutoCloseable {

    public static final String CARD_FILE = "model.json";
    public static final String WEIGHTS_FILE = "weights.f16.ndlist";
    /** Full-precision weights, for imported backbones: rounding them to float16 would change what was imported. */
    public static final String WEIGHTS_FILE_F32 = "weights.f32.ndlist";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path dir;
    private final ModelCard card;
    private final Model model;
    private final ResNetLstm network;
    private final TrainingDomain domain;

    private ModelBundle(Path dir, ModelCard card, Model model, ResNetLstm network, TrainingDomain domain) {
        this.dir = dir;
        this.card = card;
        this.model = model;
        this.network = network;
        this.domain = domain;
    }

    /** Where it was loaded from, or null for a fresh one. */
    public Path dir() {
        return dir;
    }

    public ModelCard card() {
        return card;
    }

    /** The DJL model, whose block is {@link #network()}; trainers are made from it. */
    public Model model() {
        return model;
    }

    public ResNetLstm network() {
        return network;
    }

    /** The description of the training images ({@value TrainingDomain#FILE}), or null when the bundle has none. */
    public TrainingDomain domain() {
        return domain;
    }

    /** The same network under another card (a calibration or metrics just learned); both share one model. */
    public ModelBundle withCard(ModelCard newCard) {
        return new ModelBundle(dir, newCard, model, network, domain);
    }

    /** The same network with a training-domain description (null for none); both share one model. */
    public ModelBundle withDomain(TrainingDomain newDomain) {
        return new ModelBundle(dir, card, model, network, newDomain);
    }

    @Override
    public void close() {
        model.close();
    }

    /** A new network for the card's architecture and input size, with DJL's default random initialisation. */
    public static ModelBundle fresh(ModelCard card) {
        String problem = card.problem();
        if (problem != null) {
            throw new IllegalArgumentException("model card " + card.name() + ": " + problem);
        }
        return new ModelBundle(null, card, null, null, null).build();
    }

    private ModelBundle build() {
        EngineBootstrap.engine();
        Model m = Model.newInstance(card.name());
        try {
            ResNetLstm net = new ResNetLstm(Architecture.byName(card.architecture()), card.classes().size());
            m.setBlock(net);
            net.initialize(m.getNDManager(), DataType.FLOAT32, new Shape(1, 3, card.inputSize(), card.inputSize()));
            return new ModelBundle(dir, card, m, net, domain);
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
    }

    /** Reads only the model card, verifying that this version can use it; fast, for listings. */
    public static ModelCard readCard(Path dir) throws ModelBundleException {
        Path file = dir.resolve(CARD_FILE);
        if (!Files.isDirectory(dir)) {
            throw new ModelBundleException(dir, "no such folder" + interruptedSaveHint(dir));
        }
        ModelCard card;
        try {
            card = JSON.readValue(file.toFile(), ModelCard.class);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
            throw new ModelBundleException(dir, CARD_FILE + " is not a valid model card" + where + ": "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            if (!Files.exists(file)) {
                throw new ModelBundleException(dir, "no " + CARD_FILE + " — not a model bundle");
            }
            throw new ModelBundleException(dir, "cannot read " + CARD_FILE + ": " + e.getMessage(), e);
        }
        if (card == null) {
            throw new ModelBundleException(dir, CARD_FILE + " is empty");
        }
        String problem = card.problem();
        if (problem != null) {
            throw new ModelBundleException(dir, problem);
        }
        return card;
    }

    /** Loads and verifies a bundle: card, checksum, names and shapes of all weights, training-domain description. */
    public static ModelBundle load(Path dir) throws ModelBundleException {
        return load(dir, true);
    }

    /**
     * As {@link #load(Path)}; without withDomain the training-domain description is neither read nor checked, so that
     * lunglens fit-domain can replace a broken one.
     */
    public static ModelBundle load(Path dir, boolean withDomain) throws ModelBundleException {
        ModelCard card = readCard(dir);
        Path weights = dir.resolve(Files.exists(dir.resolve(WEIGHTS_FILE_F32)) ? WEIGHTS_FILE_F32 : WEIGHTS_FILE);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(weights);
        } catch (NoSuchFileException e) {
            throw new ModelBundleException(dir, "weights file " + WEIGHTS_FILE + " is missing");
        } catch (IOException e) {
            throw new ModelBundleException(dir, "cannot read " + WEIGHTS_FILE + ": " + e.getMessage(), e);
        }
        String sha = HexFormat.of().formatHex(sha256().digest(bytes));
        if (card.weightsSha256() == null || !card.weightsSha256().equalsIgnoreCase(sha)) {
            throw new ModelBundleException(dir, "weights checksum mismatch (file corrupted, truncated or replaced;"
                    + " expected " + abbreviate(card.weightsSha256()) + ", found " + abbreviate(sha) + ")");
        }
        TrainingDomain domain = withDomain ? readDomain(dir, card) : null;
        ModelBundle bundle = new ModelBundle(dir, card, null, null, domain).build();
        try {
            bundle.readWeights(bytes);
            return bundle;
        } catch (ModelBundleException e) {
            bundle.close();
            throw e;
        } catch (RuntimeException e) {
            bundle.close();
            throw new ModelBundleException(dir, "weights file is unreadable: " + e.getMessage(), e);
        }
    }

    /**
     * The bundle's {@value TrainingDomain#FILE}, checked against the sha256 its card records, or null when the bundle
     * has none. A file the card does not name, or names with another checksum, fails the load: a gate that silently
     * turned itself off, or judged by another model's training images, would be worse than no model.
     */
    private static TrainingDomain readDomain(Path dir, ModelCard card) throws ModelBundleException {
        Path file = dir.resolve(TrainingDomain.FILE);
        Object summary = card.training().get(TrainingDomain.CARD_KEY);
        Object expected = summary instanceof Map<?, ?> m ? m.get("sha256") : null;
        String refit = "; describe its training data again: lunglens fit-domain --model " + dir + " DATA_DIR";
        if (!Files.exists(file)) {
            if (expected != null) {
                throw new ModelBundleException(dir, TrainingDomain.FILE + " is missing although " + CARD_FILE
                        + " describes one" + refit);
            }
            return null;
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ModelBundleException(dir, "cannot read " + TrainingDomain.FILE + ": " + e.getMessage(), e);
        }
        String sha = HexFormat.of().formatHex(sha256().digest(bytes));
        if (expected == null || !sha.equalsIgnoreCase(expected.toString())) {
            throw new ModelBundleException(dir, TrainingDomain.FILE + " checksum mismatch (corrupted, or not fitted"
                    + " for these weights; " + CARD_FILE + " expects " + abbreviate(expected == null ? null
                    : expected.toString()) + ", found " + abbreviate(sha) + ")" + refit);
        }
        TrainingDomain d;
        try {
            d = TrainingDomain.fromJson(bytes);
        } catch (IllegalArgumentException e) {
            throw new ModelBundleException(dir, TrainingDomain.FILE + ": " + e.getMessage(), e);
        }
        int[] parts = Architecture.byName(card.architecture()).stageChannels();
        if (!Arrays.equals(d.parts(), parts)) {
            throw new ModelBundleException(dir, TrainingDomain.FILE + " describes features "
                    + Arrays.toString(d.parts()) + ", architecture " + card.architecture() + " has "
                    + Arrays.toString(parts));
        }
        return d;
    }

    private void readWeights(byte[] bytes) throws ModelBundleException {
        // In-place writes to parameters are refused while this thread records autograd.
        EngineBootstrap.inferenceThread();
        Map<String, Parameter> params = network.torchParameters();
        try (NDManager scope = model.getNDManager().newSubManager()) {
            NDList list = NDList.decode(scope, bytes);
            if (list.size() != params.size()) {
                throw new ModelBundleException(dir, "weights hold " + list.size() + " arrays, architecture "
                        + card.architecture() + " needs " + params.size());
            }
            for (Map.Entry<String, Parameter> e : params.entrySet()) {
                NDArray stored = list.get(e.getKey());
                NDArray target = e.getValue().getArray();
                if (stored == null) {
                    throw new ModelBundleException(dir, "weights lack " + e.getKey());
                }
                if (!stored.getShape().equals(target.getShape())) {
                    throw new ModelBundleException(dir, e.getKey() + " has shape " + stored.getShape()
                            + ", architecture needs " + target.getShape());
                }
                // In place, so the block keeps its arrays (setArray refuses initialised parameters).
                target.muli(0).addi(stored.toType(DataType.FLOAT32, false));
            }
        }
    }

    /**
     * Saves the network and card to dir, atomically: everything is written to a temporary sibling folder, which then
     * replaces dir by rename. A failure at any point leaves the previous bundle in place. Returns the card as saved
     * (with the weights' checksum).
     */
    public static ModelCard save(Path dir, ResNetLstm network, ModelCard card) throws ModelBundleException {
        return save(dir, network, card, Map.of());
    }

    /**
     * As {@link #save(Path, ResNetLstm, ModelCard)}, with extra files (split manifest, reports) written into the
     * same temporary folder, so they appear together with the weights or not at all.
     */
    public static ModelCard save(Path dir, ResNetLstm network, ModelCard card, Map<String, byte[]> extraFiles)
            throws ModelBundleException {
        return save(dir, network, card, extraFiles, false);
    }

    /** As above; fullPrecision writes float32 weights ({@link #WEIGHTS_FILE_F32}) instead of float16. */
    public static ModelCard save(Path dir, ResNetLstm network, ModelCard card, Map<String, byte[]> extraFiles,
                                 boolean fullPrecision) throws ModelBundleException {
        String problem = card.problem();
        if (problem != null) {
            throw new ModelBundleException(dir, "cannot save: " + problem);
        }
        if (!network.architecture().name().equals(card.architecture())) {
            throw new ModelBundleException(dir, "cannot save: network is " + network.architecture().name()
                    + " but the card says " + card.architecture());
        }
        Path target = dir.toAbsolutePath().normalize();
        Path parent = target.getParent();
        String name = target.getFileName().toString();
        Path tmp = null;
        try {
            Files.createDirectories(parent);
            tmp = Files.createTempDirectory(parent, "." + name + ".saving-");
            String sha = writeWeights(tmp.resolve(fullPrecision ? WEIGHTS_FILE_F32 : WEIGHTS_FILE), network,
                    fullPrecision ? DataType.FLOAT32 : DataType.FLOAT16);
            ModelCard saved = card.withWeightsSha256(sha);
            AtomicFiles.writeNew(tmp.resolve(CARD_FILE), JSON.writeValueAsBytes(saved));
            for (Map.Entry<String, byte[]> extra : extraFiles.entrySet()) {
                Path f = tmp.resolve(extra.getKey()).normalize();
                if (!f.startsWith(tmp) || f.equals(tmp.resolve(CARD_FILE)) || f.getFileName().toString().startsWith("weights.")) {
                    throw new IllegalArgumentException("extra file name not allowed: " + extra.getKey());
                }
                Files.createDirectories(f.getParent());
                AtomicFiles.writeNew(f, extra.getValue());
            }
            if (Files.exists(target)) {
                Path old = parent.resolve("." + name + ".old-" + System.nanoTime());
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                deleteTree(old);
            } else {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            }
            tmp = null;
            return saved;
        } catch (IOException | RuntimeException e) {
            throw new ModelBundleException(dir, "cannot save: " + (e.getMessage() == null
                    ? e.getClass().getSimpleName() : e.getMessage()), e);
        } finally {
            if (tmp != null) {
                deleteTree(tmp);
            }
        }
    }

    /**
     * Rounds every weight to float16 and back, in place, so that what is measured next (calibration, test metrics)
     * is what {@link #save} stores; the card's numbers then describe the shipped weights, not float32 ones.
     */
    /**
     * Overwrites a parameter's values in place (the block keeps its array). Not NDArray.set(float[]): DJL's native
     * torchSet holds libtorch's deprecated AutoNonVariableTypeMode guard, whose warning ("AutoNonVariableTypeMode is
     * deprecated ... LegacyTypeDispatch.h:74") went to the user's terminal in the middle of lunglens train.
     * An indexed copy does the same without it; libtorch refuses it on a parameter while grad mode is on.
     */
    public static void overwrite(NDArray target, float[] values) {
        EngineBootstrap.inferenceThread();
        try (NDManager scope = target.getManager().newSubManager()) {
            target.set(ALL, scope.create(values, target.getShape()));
        }
    }

    private static final NDIndex ALL = new NDIndex("...");

    public static void roundToStoredPrecision(ResNetLstm network) {
        NDManager owner = network.torchParameters().values().iterator().next().getArray().getManager();
        try (NDManager scope = owner.newSubManager()) {
            for (Parameter p : network.torchParameters().values()) {
                NDArray target = p.getArray();
                NDArray half = target.toType(DataType.FLOAT16, true);
                half.attach(scope);
                NDArray rounded = half.toType(DataType.FLOAT32, true);
                rounded.attach(scope);
                target.muli(0).addi(rounded);
            }
        }
    }

    private static String writeWeights(Path file, ResNetLstm network, DataType type) throws IOException {
        MessageDigest md = sha256();
        NDManager owner = network.torchParameters().values().iterator().next().getArray().getManager();
        try (NDManager scope = owner.newSubManager()) {
            NDList list = new NDList();
            for (Map.Entry<String, Parameter> e : network.torchParameters().entrySet()) {
                NDArray stored = e.getValue().getArray().toType(type, true);
                stored.attach(scope);
                stored.setName(e.getKey());
                list.add(stored);
            }
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                 OutputStream out = new DigestOutputStream(
                         new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 20), md)) {
                list.encode(out);
                out.flush();
                ch.force(true);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /**
     * Replaces a saved bundle's card (e.g. to record an evaluation), atomically; the weights must stay those the card
     * names, so the checksum may not change.
     */
    public static void rewriteCard(Path dir, ModelCard card) throws ModelBundleException {
        ModelCard old = readCard(dir);
        if (!Objects.equals(old.weightsSha256(), card.weightsSha256())) {
            throw new ModelBundleException(dir, "a new card must name the same weights");
        }
        try {
            AtomicFiles.write(dir.resolve(CARD_FILE), JSON.writeValueAsBytes(card));
        } catch (IOException e) {
            throw new ModelBundleException(dir, "cannot rewrite " + CARD_FILE + ": " + e.getMessage(), e);
        }
    }

    /**
     * Adds files to a saved bundle and changes its card to match, atomically: the folder is copied to a temporary
     * sibling (weights byte for byte), the files and card are written there, and it replaces dir by rename, so a
     * failure leaves the bundle as it was. The card must keep naming the same weights. Returns the card as saved.
     */
    public static ModelCard addFiles(Path dir, Map<String, byte[]> files, UnaryOperator<ModelCard> change)
            throws ModelBundleException {
        ModelCard old = readCard(dir);
        ModelCard card = change.apply(old);
        if (!Objects.equals(old.weightsSha256(), card.weightsSha256())) {
            throw new ModelBundleException(dir, "a new card must name the same weights");
        }
        Path target = dir.toAbsolutePath().normalize();
        Path parent = target.getParent();
        String name = target.getFileName().toString();
        Path tmp = null;
        try {
            tmp = Files.createTempDirectory(parent, "." + name + ".saving-");
            copyTree(target, tmp);
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Path p = tmp.resolve(f.getKey()).normalize();
                if (!p.startsWith(tmp) || p.equals(tmp.resolve(CARD_FILE)) || p.getFileName().toString().startsWith("weights.")) {
                    throw new IllegalArgumentException("file name not allowed: " + f.getKey());
                }
                Files.createDirectories(p.getParent());
                Files.deleteIfExists(p);
                AtomicFiles.writeNew(p, f.getValue());
            }
            Files.delete(tmp.resolve(CARD_FILE));
            AtomicFiles.writeNew(tmp.resolve(CARD_FILE), JSON.writeValueAsBytes(card));
            Path previous = parent.resolve("." + name + ".old-" + System.nanoTime());
            Files.move(target, previous, StandardCopyOption.ATOMIC_MOVE);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            tmp = null;
            deleteTree(previous);
            return card;
        } catch (IOException | RuntimeException e) {
            throw new ModelBundleException(dir, "cannot update: " + (e.getMessage() == null
                    ? e.getClass().getSimpleName() : e.getMessage()), e);
        } finally {
            if (tmp != null) {
                deleteTree(tmp);
            }
        }
    }

    /** Copies a bundle's files (not its lock file) with their bytes and times. */
    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else if (!p.getFileName().toString().equals(".card.lock")) {
                    Files.copy(p, dest, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** Serialises card updates between threads of this JVM; the lock file does so between processes. */
    private static final Object CARD_UPDATES = new Object();

    /**
     * Reads the saved card, changes it and writes it back, holding a lock on {@code .card.lock} in the bundle folder
     * meanwhile, so that two concurrent updates (e.g. two {@code evaluate --record-in-card} runs) both survive.
     */
    public static ModelCard updateCard(Path dir, UnaryOperator<ModelCard> change)
            throws ModelBundleException {
        synchronized (CARD_UPDATES) {
            try (FileChannel ch = FileChannel.open(dir.resolve(".card.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
                 FileLock lock = ch.lock()) {
                ModelCard changed = change.apply(readCard(dir));
                rewriteCard(dir, changed);
                return changed;
            } catch (IOException e) {
                throw new ModelBundleException(dir, "cannot lock the card for an update: " + e.getMessage(), e);
            }
        }
    }

    /** A crash between the two renames of a save leaves the old bundle under a hidden name; say where. */
    private static String interruptedSaveHint(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        if (abs.getParent() == null || !Files.isDirectory(abs.getParent())) {
            return "";
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(abs.getParent(),
                "." + abs.getFileName() + ".old-*")) {
            for (Path p : s) {
                return " (an interrupted save left the previous version in " + p + ")";
            }
        } catch (IOException e) {
            return "";
        }
        return "";
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            List<Path> all = new ArrayList<>(walk.sorted(Comparator.reverseOrder()).toList());
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // Leftover temporaries are hidden and harmless; the save itself already succeeded or failed.
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String abbreviate(String sha) {
        return sha == null ? "none" : sha.substring(0, Math.min(12, sha.length())) + "…";
    }
}
