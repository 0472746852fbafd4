package io.lunglens.training;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.lunglens.model.ModelRegistry;
import io.lunglens.task.AtomicFiles;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A training run's folder, {@code <home>/runs/<model name>/}: what the run needs to finish ({@code run.json}: name,
 * output, settings, card notes; {@code split.json}: the split with each file's hash) and, after every finished
 * epoch, a checkpoint (weights, best weights, Adam's state, history). A checkpoint is a new {@code epoch-NNNN}
 * folder whose files are forced to disk, made current by rewriting {@code checkpoint.json} atomically, so a run
 * killed at any moment resumes from its last whole epoch. The folder is removed once the model is saved.
 */
public final class RunFolder {

    static final String SPEC = "run.json";
    static final String POINTER = "checkpoint.json";
    private static final int FORMAT = 1;
    private static final int TENSORS_MAGIC = 0x4c4c5431; // "LLT1"
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private RunFolder() {
    }

    /** What a run is, besides its data: enough to finish it exactly as it was started. */
    record Spec(int format, String name, String out, boolean synthetic, Map<String, Object> notes, TrainConfig config,
                String positive) {
    }

    /**
     * The state after a finished epoch.
     *
     * @param done true when no epoch is left (the last one ran, or patience ran out): only the ending remains
     */
    record Checkpoint(int epoch, List<EpochStats> history, int bestEpoch, double bestLoss, boolean stoppedEarly,
                      boolean done, Map<String, Supplier<float[]>> weights, Map<String, float[]> best,
                      Adam.State adam) {
    }

    /** A run that can be continued, for a list to choose from. */
    public record Resumable(Path dir, String name, Path out, int epochsDone, int maxEpochs) {
    }

    /** Where runs live: {@code <home>/runs}. */
    public static Path root() {
        return ModelRegistry.home().resolve("runs");
    }

    /** The run folder of a model name. */
    public static Path of(String name) {
        return root().resolve(name);
    }

    /** Every run that was started and not finished, by name. */
    public static List<Resumable> resumable() throws IOException {
        List<Resumable> out = new ArrayList<>();
        if (!Files.isDirectory(root())) {
            return out;
        }
        try (Stream<Path> s = Files.list(root())) {
            for (Path dir : s.sorted().toList()) {
                describe(dir).ifPresent(out::add);
            }
        }
        return out;
    }

    /** The run in dir, if it is one that can be read. */
    public static Optional<Resumable> describe(Path dir) {
        try {
            Spec spec = spec(dir);
            int epochs = Files.isRegularFile(dir.resolve(POINTER)) ? pointer(dir).epoch() : 0;
            return Optional.of(new Resumable(dir, spec.name(), Path.of(spec.out()), epochs, spec.config().epochs()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A run named like a model, or a run folder's path. */
    public static Path find(String nameOrFolder) throws DatasetException {
        for (Path dir : List.of(Path.of(nameOrFolder), of(nameOrFolder))) {
            if (Files.isRegularFile(dir.resolve(SPEC))) {
                return dir;
            }
        }
        throw new DatasetException(nameOrFolder + ": no unfinished training run by that name or in that folder"
                + " (runs are in " + root() + ")");
    }

    /** Starts a run afresh in dir: anything there before is removed. */
    static void start(Path dir, Spec spec, byte[] manifest) throws IOException {
        remove(dir);
        Files.createDirectories(dir);
        AtomicFiles.write(dir.resolve(Split.MANIFEST_FILE), manifest);
        AtomicFiles.write(dir.resolve(SPEC), JSON.writeValueAsBytes(spec));
    }

    static Spec spec(Path dir) throws IOException {
        Spec s = JSON.readValue(dir.resolve(SPEC).toFile(), Spec.class);
        if (s.format() != FORMAT) {
            throw new IOException(dir.resolve(SPEC) + ": written by another version of LungLens (format " + s.format() + ")");
        }
        return s;
    }

    /** The small part of a checkpoint, and the folder holding its arrays. */
    private record Pointer(int epoch, String folder, List<EpochStats> history, int bestEpoch, double bestLoss,
                           boolean stoppedEarly, boolean done, Map<String, Integer> adamCounts,
                           Map<String, Integer> adamSteps) {
    }

    private static Pointer pointer(Path dir) throws IOException {
        return JSON.readValue(dir.resolve(POINTER).toFile(), Pointer.class);
    }

    /** Writes the epoch's checkpoint and makes it the current one; older ones are then removed. */
    static void save(Path dir, Checkpoint c) throws IOException {
        String folder = String.format("epoch-%04d", c.epoch());
        Path tmp = dir.resolve(folder + ".tmp");
        remove(tmp);
        Files.createDirectories(tmp);
        writeTensors(tmp.resolve("weights.bin"), c.weights());
        writeTensors(tmp.resolve("best.bin"), lazy(c.best()));
        writeTensors(tmp.resolve("adam-means.bin"), c.adam().means());
        writeTensors(tmp.resolve("adam-variances.bin"), c.adam().variances());
        remove(dir.resolve(folder));
        Files.move(tmp, dir.resolve(folder));
        AtomicFiles.write(dir.resolve(POINTER), JSON.writeValueAsBytes(new Pointer(c.epoch(), folder, c.history(),
                c.bestEpoch(), c.bestLoss(), c.stoppedEarly(), c.done(), c.adam().counts(), c.adam().steps())));
        try (Stream<Path> s = Files.list(dir)) {
            for (Path old : s.filter(p -> p.getFileName().toString().startsWith("epoch-") && !p.endsWith(folder)).toList()) {
                remove(old);
            }
        }
    }

    /** The last whole checkpoint, if an epoch finished. */
    static Optional<Checkpoint> latest(Path dir) throws IOException {
        if (!Files.isRegularFile(dir.resolve(POINTER))) {
            return Optional.empty();
        }
        Pointer p = pointer(dir);
        Path f = dir.resolve(p.folder());
        Adam.State adam = new Adam.State(lazy(readTensors(f.resolve("adam-means.bin"))),
                lazy(readTensors(f.resolve("adam-variances.bin"))), p.adamCounts(), p.adamSteps());
        return Optional.of(new Checkpoint(p.epoch(), List.copyOf(p.history()), p.bestEpoch(), p.bestLoss(),
                p.stoppedEarly(), p.done(), lazy(readTensors(f.resolve("weights.bin"))),
                readTensors(f.resolve("best.bin")), adam));
    }

    /** Arrays in hand, in the form a checkpoint writes (which otherwise copies each one out when it gets to it). */
    static Map<String, Supplier<float[]>> lazy(Map<String, float[]> arrays) {
        Map<String, Supplier<float[]>> out = new LinkedHashMap<>();
        arrays.forEach((k, v) -> out.put(k, () -> v));
        return out;
    }

    static void remove(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * Named float arrays, length-prefixed, forced to disk: parameters or optimiser moments, each copied out of the
     * network only when written, so a checkpoint of ResNet50 never holds more than one of them twice.
     */
    static void writeTensors(Path file, Map<String, Supplier<float[]>> tensors) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16));
            out.writeInt(TENSORS_MAGIC);
            out.writeInt(tensors.size());
            for (Map.Entry<String, Supplier<float[]>> e : tensors.entrySet()) {
                float[] v = e.getValue().get();
                out.writeUTF(e.getKey());
                out.writeInt(v.length);
                ByteBuffer b = ByteBuffer.allocate(4 * v.length);
                b.asFloatBuffer().put(v);
                out.write(b.array());
            }
            out.flush();
            ch.force(true);
        }
    }

    static Map<String, float[]> readTensors(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
            if (in.readInt() != TENSORS_MAGIC) {
                throw new IOException(file + ": not a LungLens checkpoint file");
            }
            int n = in.readInt();
            Map<String, float[]> out = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                float[] v = new float[in.readInt()];
                byte[] b = new byte[4 * v.length];
                in.readFully(b);
                ByteBuffer.wrap(b).asFloatBuffer().get(v);
                out.put(name, v);
            }
            return out;
        }
    }
}
