package io.lunglens.training.audit;

import io.lunglens.training.DatasetException;
import io.lunglens.training.FolderDataset;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/**
 * A data audit before training: can a rule that reads no pixel (image size, format, bit depth, file size) tell
 * the classes apart? If so, a network can learn that rule instead of the disease (DeGrave et al., 2021).
 *
 * @param metadataAccuracy 5-fold cross-validated accuracy of the better of a decision stump and a depth-2 tree
 * @param confounded       accuracy ≥ {@link #CONFOUNDED} and clearly above always guessing the largest class
 * @param rule             the stump fitted on all files, in plain words
 * @param classes          per class: file count, unreadable count, commonest size and its share
 * @param unreadable       one line per file whose header cannot be read
 * @param duplicates       one line per file whose bytes equal an earlier file's
 */
public record DataAudit(double metadataAccuracy, boolean confounded, String rule, Map<String, ClassStats> classes,
                        List<String> unreadable, List<String> duplicates) {

    public static final double CONFOUNDED = 0.75;
    static final int FOLDS = 5;
    static final String[] FEATURES = {"width", "height", "aspect", "format", "bit depth", "colour type", "file size",
        "photometric", "device"};

    /** One class: its readable files, its unreadable ones, and its commonest image size with that size's share. */
    public record ClassStats(int count, int unreadable, String commonSize, double commonSizeShare) {
    }

    /** Audits the class folders of root (all of them when classes is empty), reading headers only. */
    public static DataAudit run(Path root, List<String> classes) throws DatasetException, IOException {
        return of(root, FolderDataset.listClassFiles(root, classes));
    }

    /** Audits these files, by class name (a model's test split, say); root is what their lines are relative to. */
    public static DataAudit of(Path root, Map<String, List<Path>> files) {
        List<String> names = new ArrayList<>(files.keySet());
        List<FileMeta> metas = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        int[] bad = new int[names.size()];
        for (int c = 0; c < names.size(); c++) {
            for (Path f : files.get(names.get(c))) {
                try {
                    metas.add(HeaderReader.read(f));
                    labels.add(c);
                } catch (IOException e) {
                    unreadable.add(root.relativize(f) + ": " + e.getMessage());
                    bad[c]++;
                }
            }
        }
        return audit(root, names, metas, labels.stream().mapToInt(Integer::intValue).toArray(), unreadable, bad);
    }

    private static DataAudit audit(Path root, List<String> names, List<FileMeta> metas, int[] y,
                                   List<String> unreadable, int[] bad) {
        int k = names.size();
        double[][] x = features(metas);
        int folds = Math.min(FOLDS, y.length);
        double stumpAcc = folds < 2 ? 0 : MetaTree.cvAccuracy(x, y, k, 1, folds);
        double treeAcc = folds < 2 ? 0 : MetaTree.cvAccuracy(x, y, k, 2, folds);
        double acc = Math.max(stumpAcc, treeAcc);
        int[] all = IntStream.range(0, y.length).toArray();
        double majority = y.length == 0 ? 1 : (double) count(y, MetaTree.majority(y, k, all)) / y.length;
        // With 90% of the files in one class, 0.9 accuracy says nothing about metadata.
        boolean confounded = acc >= CONFOUNDED && acc >= majority + 0.05;
        MetaTree.Split stump = MetaTree.bestSplit(x, y, k, all);
        MetaTree.Tree tree = MetaTree.fitTree(x, y, k, all);
        // A rule in words for the model that earned the accuracy: the stump, unless two features together do clearly better.
        String rule = stump == null ? "no metadata feature separates the classes"
                : treeAcc > stumpAcc + 0.05 ? Rules.describeTree(tree, treeAcc, names, metas, y)
                : Rules.describe(stump, names, metas, x, y);
        Map<String, ClassStats> stats = new LinkedHashMap<>();
        for (int c = 0; c < k; c++) {
            Map.Entry<String, Double> top = Rules.commonest(metas, y, c, FileMeta::size);
            stats.put(names.get(c), new ClassStats(count(y, c), bad[c], top.getKey(), top.getValue()));
        }
        return new DataAudit(acc, confounded, rule, stats, List.copyOf(unreadable), duplicates(root, names, metas, y));
    }

    /** One row per file, in {@link #FEATURES} order; text values become their rank among the values seen. */
    static double[][] features(List<FileMeta> metas) {
        List<String> formats = distinct(metas, FileMeta::format);
        List<String> photometrics = distinct(metas, FileMeta::photometric);
        List<String> devices = distinct(metas, FileMeta::device);
        return metas.stream().map(m -> new double[] {m.width(), m.height(), m.aspect(), formats.indexOf(m.format()),
            m.bitDepth(), m.colourType(), m.bytes(), photometrics.indexOf(m.photometric()),
            devices.indexOf(m.device())}).toArray(double[][]::new);
    }

    private static List<String> distinct(List<FileMeta> metas, Function<FileMeta, String> key) {
        return metas.stream().map(key).distinct().sorted().toList();
    }

    private static List<String> duplicates(Path root, List<String> names, List<FileMeta> metas, int[] y) {
        Map<String, Integer> first = new LinkedHashMap<>();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < metas.size(); i++) {
            Integer j = first.putIfAbsent(metas.get(i).sha256(), i);
            if (j != null) {
                String where = y[i] == y[j] ? "inside " + names.get(y[i])
                        : "across classes " + names.get(y[j]) + " and " + names.get(y[i]);
                out.add(root.relativize(metas.get(i).file()) + " is the same file as "
                        + root.relativize(metas.get(j).file()) + " (" + where + ")");
            }
        }
        return out;
    }

    static int count(int[] y, int c) {
        int n = 0;
        for (int v : y) {
            n += v == c ? 1 : 0;
        }
        return n;
    }

    /** Lines for a terminal: balance, unreadable files, duplicates, and the warning when confounded. */
    public List<String> lines() {
        return lines(Integer.MAX_VALUE);
    }

    /** The same, naming at most {@code named} unreadable files and duplicates (train's preamble stays short). */
    public List<String> lines(int named) {
        List<String> out = new ArrayList<>();
        classes.forEach((name, s) -> out.add(String.format(Locale.ROOT, "%s: %d images (%d unreadable), %.0f%% %s",
                name, s.count(), s.unreadable(), 100 * s.commonSizeShare(), s.commonSize())));
        listed(out, "unreadable: ", unreadable, named);
        listed(out, "duplicate: ", duplicates, named);
        out.add(String.format(Locale.ROOT, "metadata alone predicts the class with %.1f%% accuracy (5-fold CV)",
                100 * metadataAccuracy));
        if (confounded) {
            out.add("WARNING: " + rule);
        }
        return out;
    }

    private static void listed(List<String> out, String prefix, List<String> items, int named) {
        items.stream().limit(named).forEach(i -> out.add(prefix + i));
        if (items.size() > named) {
            out.add(prefix + "... and " + (items.size() - named) + " more (lunglens audit lists them all)");
        }
    }

    /** The helpers that put a split into words. */
    static final class Rules {
        private Rules() {
        }

        static String describe(MetaTree.Split s, List<String> names, List<FileMeta> metas, double[][] x, int[] y) {
            String f = FEATURES[s.feature()];
            if (f.equals("width") || f.equals("height") || f.equals("aspect")) {
                String said = byCategory(names, metas, y, FileMeta::size);
                if (said != null) {
                    return said + ": a model can learn the image size instead of the disease";
                }
            } else if (f.equals("format") || f.equals("photometric") || f.equals("device")) {
                Function<FileMeta, String> key = f.equals("format") ? FileMeta::format
                        : f.equals("photometric") ? FileMeta::photometric : m -> m.device().isEmpty() ? "without a device name" : "from " + m.device();
                String said = byCategory(names, metas, y, key);
                if (said != null) {
                    return said + ": a model can learn the " + (f.equals("format") ? "file format"
                            : f.equals("device") ? "X-ray machine" : "photometric") + " instead of the disease";
                }
            }
            return threshold(s, names, x, y) + ": a model can learn the " + f + " instead of the disease";
        }

        /** "92% of Normal images are 1024×1024, against 3% of COVID", when one class's commonest value marks it. */
        private static String byCategory(List<String> names, List<FileMeta> metas, int[] y,
                                         Function<FileMeta, String> key) {
            String best = null;
            double gap = 0.5;
            for (int c = 0; c < names.size(); c++) {
                String v = commonest(metas, y, c, key).getKey();
                StringBuilder others = new StringBuilder();
                double worst = 0;
                for (int o = 0; o < names.size(); o++) {
                    if (o != c) {
                        double sh = share(metas, y, o, m -> key.apply(m).equals(v));
                        worst = Math.max(worst, sh);
                        others.append(others.isEmpty() ? "" : ", ").append(pct(sh)).append(" of ").append(names.get(o));
                    }
                }
                double mine = share(metas, y, c, m -> key.apply(m).equals(v));
                if (mine - worst > gap) {
                    gap = mine - worst;
                    best = pct(mine) + " of " + names.get(c) + " images are " + v + ", against " + others;
                }
            }
            return best;
        }

        /** "width ≥ 384 combined with colour type ≥ 1 (...)": two features that only together tell the classes apart. */
        static String describeTree(MetaTree.Tree t, double accuracy, List<String> names, List<FileMeta> metas,
                                   int[] y) {
            // With three or more classes one image size per class is a multi-way rule no stump can state.
            String bySize = byCategory(names, metas, y, FileMeta::size);
            if (bySize != null) {
                return bySize + ": a model can learn the image size instead of the disease";
            }
            Map<Integer, List<String>> cuts = new LinkedHashMap<>();
            for (MetaTree.Split s : new MetaTree.Split[] {t.root(), t.leftChild(), t.rightChild()}) {
                if (s != null) {
                    List<String> c = cuts.computeIfAbsent(s.feature(), f -> new ArrayList<>());
                    if (!c.contains(value(s))) {
                        c.add(value(s));
                    }
                }
            }
            List<String> parts = new ArrayList<>();
            cuts.forEach((f, values) -> parts.add(TEXT.contains(FEATURES[f]) ? "the " + FEATURES[f]
                    : values.size() == 1 ? FEATURES[f] + " ≥ " + values.get(0)
                    : FEATURES[f] + " cut at " + String.join(" and ", values)));
            return String.join(" combined with ", parts) + String.format(Locale.ROOT, " (a depth-2 tree, %.0f%%"
                    + " right in cross-validation): a model can learn the image metadata instead of the disease",
                    100 * accuracy);
        }

        private static final List<String> TEXT = List.of("format", "photometric", "device");

        /** "width ≥ 384", "file size ≥ 412 KB"; a text feature (format, photometric, device) by its name only. */
        private static String condition(MetaTree.Split s) {
            String f = FEATURES[s.feature()];
            return TEXT.contains(f) ? "the " + f : f + " ≥ " + value(s);
        }

        private static String value(MetaTree.Split s) {
            String f = FEATURES[s.feature()];
            return f.equals("file size")
                    ? String.format(Locale.ROOT, s.threshold() < 10240 ? "%.1f KB" : "%.0f KB", s.threshold() / 1024)
                    : f.equals("aspect") ? String.format(Locale.ROOT, "%.2f", s.threshold())
                    : String.format(Locale.ROOT, "%.0f", Math.ceil(s.threshold()));
        }

        private static String threshold(MetaTree.Split s, List<String> names, double[][] x, int[] y) {
            StringBuilder b = new StringBuilder(condition(s) + ":");
            for (int c = 0; c < names.size(); c++) {
                int n = 0;
                for (int i = 0; i < y.length; i++) {
                    n += y[i] == c && x[i][s.feature()] >= s.threshold() ? 1 : 0;
                }
                double sh = count(y, c) == 0 ? 0 : (double) n / count(y, c);
                b.append(c == 0 ? " " : ", ").append(pct(sh)).append(" of ").append(names.get(c));
            }
            return b.toString();
        }

        static Map.Entry<String, Double> commonest(List<FileMeta> metas, int[] y, int c, Function<FileMeta, String> key) {
            Map<String, Integer> n = new LinkedHashMap<>();
            for (int i = 0; i < metas.size(); i++) {
                if (y[i] == c) {
                    n.merge(key.apply(metas.get(i)), 1, Integer::sum);
                }
            }
            int total = count(y, c);
            return n.entrySet().stream().max(Comparator.comparingInt(Map.Entry::getValue))
                    .map(e -> Map.entry(e.getKey(), (double) e.getValue() / total))
                    .orElse(Map.entry("none", 0.0));
        }

        private static double share(List<FileMeta> metas, int[] y, int c, Predicate<FileMeta> p) {
            int n = 0;
            for (int i = 0; i < metas.size(); i++) {
                n += y[i] == c && p.test(metas.get(i)) ? 1 : 0;
            }
            int total = count(y, c);
            return total == 0 ? 0 : (double) n / total;
        }

        private static String pct(double share) {
            return String.format(Locale.ROOT, "%.0f%%", 100 * share);
        }
    }
}
