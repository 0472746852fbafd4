package io.lunglens.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A stratified, seeded train/validation/test split: each class is shuffled with the seed and cut by the
 * fractions, so every split keeps the class balance and the same seed gives the same files.
 */
public record Split(List<Sample> train, List<Sample> validation, List<Sample> test, long seed, String ratio) {

    /** The manifest's file name inside a model bundle. */
    public static final String MANIFEST_FILE = "split.json";

    /** Parses "80/10/10". */
    public static int[] parsePercent(String s) {
        String[] parts = s.trim().split("/");
        if (parts.length != 3) {
            throw new IllegalArgumentException("split must be train/validation/test percentages like 80/10/10, was " + s);
        }
        int[] p = new int[3];
        for (int i = 0; i < 3; i++) {
            try {
                p[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("split must be whole percentages like 80/10/10, was " + s);
            }
        }
        if (p[0] <= 0 || p[1] <= 0 || p[2] <= 0 || p[0] + p[1] + p[2] != 100) {
            throw new IllegalArgumentException("split percentages must be positive and add up to 100, was " + s);
        }
        return p;
    }

    public static Split of(FolderDataset data, int[] percent, long seed) throws DatasetException {
        List<Sample> train = new ArrayList<>();
        List<Sample> val = new ArrayList<>();
        List<Sample> test = new ArrayList<>();
        for (int label = 0; label < data.classes().size(); label++) {
            final int l = label;
            List<Sample> mine = new ArrayList<>(data.samples().stream().filter(s -> s.label() == l).toList());
            int n = mine.size();
            int nVal = (int) Math.round(n * percent[1] / 100.0);
            int nTest = (int) Math.round(n * percent[2] / 100.0);
            int nTrain = n - nVal - nTest;
            if (nVal < 1 || nTest < 1 || nTrain < 1) {
                throw new DatasetException(data.root() + ": class '" + data.classes().get(label) + "' has " + n
                        + " images, too few for a " + percent[0] + "/" + percent[1] + "/" + percent[2]
                        + " split (each part needs at least one per class)");
            }
            Collections.shuffle(mine, new Random(seed * 1_000_003L + label));
            train.addAll(mine.subList(0, nTrain));
            val.addAll(mine.subList(nTrain, nTrain + nVal));
            test.addAll(mine.subList(nTrain + nVal, n));
        }
        // Mix classes so a batch is not all one label; still fixed by the seed.
        Collections.shuffle(train, new Random(seed));
        return new Split(List.copyOf(train), List.copyOf(val), List.copyOf(test), seed,
                percent[0] + "/" + percent[1] + "/" + percent[2]);
    }

    /** The class names a split manifest (a bundle's split.json) was made with. */
    public static List<String> manifestClasses(Path manifest) throws DatasetException {
        List<String> out = new ArrayList<>();
        readManifest(manifest).path("classes").forEach(c -> out.add(c.asText()));
        return out;
    }

    /** The data folder a split manifest was made from, as training saw it. */
    public static Path manifestRoot(Path manifest) throws DatasetException {
        String root = readManifest(manifest).path("root").asText("");
        if (root.isEmpty()) {
            throw new DatasetException(manifest + " does not name the folder it was made from");
        }
        return Path.of(root);
    }

    /** The whole split a manifest records, in its order, as samples of data (see {@link FolderDataset#fromManifest}). */
    public static Split fromManifest(Path manifest, FolderDataset data) throws DatasetException {
        JsonNode m = readManifest(manifest);
        return new Split(fromManifest(manifest, "train", data), fromManifest(manifest, "validation", data),
                fromManifest(manifest, "test", data), m.path("seed").asLong(), m.path("ratio").asText());
    }

    /**
     * One part of a split manifest ("test", say) as samples of data, whose root may have moved since training.
     * Each file must still be there with the hash the manifest recorded.
     */
    public static List<Sample> fromManifest(Path manifest, String part, FolderDataset data) throws DatasetException {
        JsonNode entries = readManifest(manifest).path(part);
        if (!entries.isArray() || entries.isEmpty()) {
            throw new DatasetException(manifest + " has no " + part + " files");
        }
        Map<String, Sample> byPath = new HashMap<>();
        for (Sample s : data.samples()) {
            byPath.put(data.root().relativize(s.file()).toString().replace('\\', '/'), s);
        }
        List<Sample> out = new ArrayList<>();
        for (JsonNode e : entries) {
            String file = e.path("file").asText().replace('\\', '/');
            Sample s = byPath.get(file);
            if (s == null) {
                throw new DatasetException(data.root().resolve(file) + ": listed in " + manifest.getFileName()
                        + " (" + part + ") but not found among the readable images of " + data.root());
            }
            if (!s.sha256().equals(e.path("sha256").asText())) {
                throw new DatasetException(s.file() + ": changed since the split was made (sha256 differs from "
                        + manifest.getFileName() + ")");
            }
            out.add(s);
        }
        return out;
    }

    static JsonNode readManifest(Path manifest) throws DatasetException {
        if (!Files.isRegularFile(manifest)) {
            throw new DatasetException(manifest + ": no split manifest (models trained by LungLens carry one)");
        }
        try {
            return new ObjectMapper().readTree(manifest.toFile());
        } catch (IOException e) {
            throw new DatasetException(manifest + ": not a readable split manifest (" + e.getMessage() + ")");
        }
    }

    /** The split manifest: which file went where, with its hash, so a split can be audited and repeated. */
    public byte[] manifest(FolderDataset data) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("root", data.root().toAbsolutePath().normalize().toString());
        m.put("classes", data.classes());
        m.put("ratio", ratio);
        m.put("seed", seed);
        m.put("train", entries(data, train));
        m.put("validation", entries(data, validation));
        m.put("test", entries(data, test));
        m.put("skipped", data.skipped());
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(m);
    }

    private static List<Map<String, Object>> entries(FolderDataset data, List<Sample> samples) {
        return samples.stream().map(s -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("file", data.root().relativize(s.file()).toString());
            e.put("label", data.classes().get(s.label()));
            e.put("sha256", s.sha256());
            return e;
        }).toList();
    }
}
