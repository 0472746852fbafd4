package io.lunglens.training;

import com.fasterxml.jackson.databind.JsonNode;
import io.lunglens.gate.FrontalCheck;
import io.lunglens.gate.GateResult;
import io.lunglens.imaging.FileHash;
import io.lunglens.imaging.ImageFiles;
import io.lunglens.imaging.ImageLoadException;
import io.lunglens.imaging.ImageLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * A labelled folder: one subfolder per class, holding images directly or in {@code images/} beside
 * {@code masks/} (the COVID-19 Radiography Database layout, which the phantoms mirror).
 *
 * @param root     the folder
 * @param classes  class names in label order (folder names)
 * @param positive index of the positive class
 * @param samples  the usable images, in a stable order
 * @param skipped  files left out, each with a one-line reason (unreadable, duplicate)
 * @param notFrontal samples (still among {@code samples}) that the input gate's frontal check refuses: lateral
 *                 films, CT slices, screenshots that crept into the folder; the user decides whether to leave them
 *                 out ({@link #withoutNotFrontal()})
 */
public record FolderDataset(Path root, List<String> classes, int positive, List<Sample> samples, List<String> skipped,
                            List<Sample> notFrontal) {

    private static final List<String> IGNORED = List.of("masks", "lesions");

    /**
     * Reads a data set.
     *
     * @param root     the folder
     * @param classes  which class folders to use, in label order; empty means all of them
     * @param positive the positive class name; null picks the one whose name contains "covid", else the first
     * @param perClass sample at most this many per class (seeded); 0 means all
     * @param seed     seed for that sampling
     */
    public static FolderDataset open(Path root, List<String> classes, String positive, int perClass, long seed)
            throws DatasetException, IOException {
        if (!Files.isDirectory(root)) {
            throw new DatasetException(root + ": not a folder");
        }
        Map<String, Path> found = classFolders(root);
        List<String> names = classNames(root, found, classes);
        int pos = positiveIndex(names, positive, root);
        Reading r = new Reading(root);
        for (int label = 0; label < names.size(); label++) {
            Path dir = found.get(names.get(label));
            if (r.addClass(dir, label, classFiles(dir, perClass, seed, label)) == 0) {
                throw new DatasetException(root + ": class '" + names.get(label) + "' has no readable images");
            }
        }
        r.dropConflicts();
        return new FolderDataset(root, List.copyOf(names), pos, List.copyOf(r.samples), List.copyOf(r.skipped),
                List.copyOf(r.notFrontal));
    }

    /**
     * The data set a split manifest (a bundle's or a run's split.json) was made from, read from the manifest instead
     * of the folder: exactly its files, each checked against its recorded hash (no decoding), the lung masks found
     * as {@link #open} finds them, and the skipped files it lists.
     *
     * @param positive the positive class name
     */
    public static FolderDataset fromManifest(Path manifest, String positive) throws DatasetException, IOException {
        JsonNode m = Split.readManifest(manifest);
        Path root = Path.of(m.path("root").asText());
        List<String> names = new ArrayList<>();
        m.path("classes").forEach(c -> names.add(c.asText()));
        List<Sample> samples = new ArrayList<>();
        for (String part : List.of("train", "validation", "test")) {
            for (JsonNode e : m.path(part)) {
                samples.add(listed(root, names, e, manifest));
            }
        }
        List<String> skipped = new ArrayList<>();
        m.path("skipped").forEach(x -> skipped.add(x.asText()));
        return new FolderDataset(root, List.copyOf(names), positiveIndex(names, positive, root), List.copyOf(samples),
                List.copyOf(skipped), List.of());
    }

    private static Sample listed(Path root, List<String> names, JsonNode e, Path manifest)
            throws DatasetException, IOException {
        Path f = root.resolve(e.path("file").asText());
        int label = names.indexOf(e.path("label").asText());
        if (label < 0 || !Files.isRegularFile(f)) {
            throw new DatasetException(f + ": listed in " + manifest + " but " + (label < 0 ? "its class is unknown"
                    : "no longer there"));
        }
        String hash = FileHash.sha256(f);
        if (!hash.equals(e.path("sha256").asText())) {
            throw new DatasetException(f + ": changed since the split was made (sha256 differs from " + manifest + ")");
        }
        Path mask = root.resolve(names.get(label)).resolve("masks").resolve(f.getFileName());
        return new Sample(f, label, hash, Files.isRegularFile(mask) ? mask : null);
    }

    /**
     * The image files of each class folder, in label order, without reading any of them (the data audit reads
     * their headers only); the same folders and files {@link #open} would use with no per-class cap.
     */
    public static Map<String, List<Path>> listClassFiles(Path root, List<String> classes)
            throws DatasetException, IOException {
        if (!Files.isDirectory(root)) {
            throw new DatasetException(root + ": not a folder");
        }
        Map<String, Path> found = classFolders(root);
        Map<String, List<Path>> out = new LinkedHashMap<>();
        for (String name : classNames(root, found, classes)) {
            out.put(name, List.copyOf(classFiles(found.get(name), 0, 0, 0)));
        }
        return out;
    }

    /** The class folders asked for, spelled as on disk, in label order; all of them when none are asked for. */
    private static List<String> classNames(Path root, Map<String, Path> found, List<String> classes)
            throws DatasetException {
        List<String> names = new ArrayList<>();
        if (classes == null || classes.isEmpty()) {
            names.addAll(found.keySet());
        } else {
            for (String c : classes) {
                String match = found.keySet().stream().filter(k -> k.equalsIgnoreCase(c)).findFirst()
                        .orElseThrow(() -> new DatasetException(root + ": no class folder '" + c + "' (found "
                                + String.join(", ", found.keySet()) + ")"));
                names.add(match);
            }
        }
        if (names.isEmpty()) {
            throw new DatasetException(root + ": no class subfolders with images");
        }
        if (names.size() < 2) {
            throw new DatasetException(root + ": needs at least 2 classes, found 1 (" + names.get(0) + ")");
        }
        return names;
    }

    /** A class folder's image files (its images/ subfolder when it has one), sampled down to perClass, seeded. */
    private static List<Path> classFiles(Path dir, int perClass, long seed, int label) throws IOException {
        Path images = Files.isDirectory(dir.resolve("images")) ? dir.resolve("images") : dir;
        List<Path> files = new ArrayList<>(ImageFiles.list(images, true).stream()
                .filter(f -> !inIgnored(images, f)).toList());
        if (perClass > 0 && files.size() > perClass) {
            Collections.shuffle(files, new Random(seed * 31 + label));
            files = new ArrayList<>(files.subList(0, perClass));
            files.sort(null);
        }
        return files;
    }

    /** The samples read so far, with what was skipped and why. */
    private static final class Reading {
        private final Path root;
        private final List<Sample> samples = new ArrayList<>();
        private final List<String> skipped = new ArrayList<>();
        private final List<Sample> notFrontal = new ArrayList<>();
        private final Map<String, Sample> byHash = new LinkedHashMap<>();
        private final List<String> conflicts = new ArrayList<>();

        Reading(Path root) {
            this.root = root;
        }

        /** Reads one class's files; returns how many were usable. */
        int addClass(Path dir, int label, List<Path> files) throws IOException {
            int usable = 0;
            for (Path f : files) {
                if (add(dir, label, f)) {
                    usable++;
                }
            }
            return usable;
        }

        private boolean add(Path dir, int label, Path f) throws IOException {
            boolean frontal;
            try {
                frontal = FrontalCheck.standard().check(ImageLoader.load(f)).frontal();
            } catch (ImageLoadException e) {
                skipped.add("unreadable: " + e.getMessage());
                return false;
            }
            String hash = FileHash.sha256(f);
            Sample earlier = byHash.get(hash);
            if (earlier != null) {
                if (earlier.label() != label) {
                    conflicts.add(hash);
                }
                skipped.add("duplicate: " + root.relativize(f) + " is the same file as " + root.relativize(earlier.file()));
                return false;
            }
            Path mask = dir.resolve("masks").resolve(f.getFileName());
            Sample s = new Sample(f, label, hash, Files.isRegularFile(mask) ? mask : null);
            byHash.put(hash, s);
            samples.add(s);
            if (!frontal) {
                notFrontal.add(s);
            }
            return true;
        }

        /** A file labelled as two classes cannot be trusted in either. */
        void dropConflicts() {
            for (String hash : conflicts) {
                Sample s = byHash.get(hash);
                samples.remove(s);
                notFrontal.remove(s);
                skipped.add("conflicting labels: " + root.relativize(s.file()) + " also appears under another class");
            }
        }
    }

    /** The same data set without the images the frontal check refuses, each listed among the skipped. */
    public FolderDataset withoutNotFrontal() throws DatasetException {
        List<Sample> kept = new ArrayList<>(samples);
        kept.removeAll(notFrontal);
        List<String> why = new ArrayList<>(skipped);
        notFrontal.forEach(s -> why.add(GateResult.NOT_FRONTAL + ": " + root.relativize(s.file())));
        FolderDataset d = new FolderDataset(root, classes, positive, List.copyOf(kept), List.copyOf(why), List.of());
        int[] c = d.counts();
        for (int label = 0; label < c.length; label++) {
            if (c[label] == 0) {
                throw new DatasetException(root + ": class '" + classes.get(label) + "' has no images left that"
                        + " pass the frontal chest X-ray check");
            }
        }
        return d;
    }

    /** Number of samples per class, in label order. */
    public int[] counts() {
        int[] c = new int[classes.size()];
        for (Sample s : samples) {
            c[s.label()]++;
        }
        return c;
    }

    private static Map<String, Path> classFolders(Path root) throws IOException {
        Map<String, Path> out = new LinkedHashMap<>();
        try (Stream<Path> s = Files.list(root)) {
            for (Path p : s.filter(Files::isDirectory).sorted().toList()) {
                String name = p.getFileName().toString();
                if (!name.startsWith(".") && !ImageFiles.list(p, true).isEmpty()) {
                    out.put(name, p);
                }
            }
        }
        return out;
    }

    private static int positiveIndex(List<String> names, String positive, Path root) throws DatasetException {
        if (positive != null && !positive.isBlank()) {
            for (int i = 0; i < names.size(); i++) {
                if (names.get(i).equalsIgnoreCase(positive)) {
                    return i;
                }
            }
            throw new DatasetException(root + ": positive class '" + positive + "' is not one of " + names);
        }
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).toLowerCase(Locale.ROOT).contains("covid")) {
                return i;
            }
        }
        return 0;
    }

    private static boolean inIgnored(Path images, Path f) {
        for (Path part : images.relativize(f)) {
            if (IGNORED.contains(part.toString().toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }
}
