package io.lunglens.scan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Whether a scanned folder is labelled, by the conventions of training's FolderDataset: one subfolder per class,
 * images directly in it or in its {@code images/}, with {@code masks/} and {@code lesions/} beside them that are
 * not X-rays. A folder counts as labelled when at least two of its subfolders are named like model classes.
 */
final class Layout {

    private static final List<String> AUXILIARY = List.of("masks", "lesions");

    private final Path root;
    /** Model class index by class folder. */
    private final Map<Path, Integer> classDirs;

    private Layout(Path root, Map<Path, Integer> classDirs) {
        this.root = root;
        this.classDirs = classDirs;
    }

    static Layout of(Path root, List<String> modelClasses) throws IOException {
        Map<Path, Integer> dirs = new LinkedHashMap<>();
        try (Stream<Path> s = Files.list(root)) {
            for (Path p : s.filter(Files::isDirectory).sorted().toList()) {
                String name = p.getFileName().toString();
                for (int c = 0; c < modelClasses.size(); c++) {
                    if (!name.startsWith(".") && name.equalsIgnoreCase(modelClasses.get(c))) {
                        dirs.put(p, c);
                    }
                }
            }
        }
        return new Layout(root, dirs.size() >= 2 ? dirs : Map.of());
    }

    boolean labelled() {
        return !classDirs.isEmpty();
    }

    /** The class folder holding this file as a labelled image, or null. */
    Path classDir(Path file) {
        Path rel = root.relativize(file);
        if (rel.getNameCount() < 2) {
            return null;
        }
        Path dir = root.resolve(rel.getName(0));
        if (!classDirs.containsKey(dir)) {
            return null;
        }
        Path images = dir.resolve("images");
        if (Files.isDirectory(images)) {
            return file.startsWith(images) ? dir : null;
        }
        return auxiliary(dir, file) ? null : dir;
    }

    /** Model class index of a labelled file, or -1. */
    int label(Path file) {
        Path dir = classDir(file);
        return dir == null ? -1 : classDirs.get(dir);
    }

    /** Masks and lesion maps inside a class folder are not X-rays and are left out of the scan. */
    boolean skip(Path file) {
        Path rel = root.relativize(file);
        if (rel.getNameCount() < 2 || !classDirs.containsKey(root.resolve(rel.getName(0)))) {
            return false;
        }
        return auxiliary(root.resolve(rel.getName(0)), file);
    }

    private static boolean auxiliary(Path classDir, Path file) {
        for (Path part : classDir.relativize(file)) {
            if (AUXILIARY.contains(part.toString().toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }
}
