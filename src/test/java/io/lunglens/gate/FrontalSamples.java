package io.lunglens.gate;

import io.lunglens.imaging.ImageInfo;
import io.lunglens.imaging.ImageLoadException;
import io.lunglens.imaging.ImageLoader;
import io.lunglens.imaging.Photometric;
import io.lunglens.imaging.XrayImage;
import io.lunglens.synth.Difficulty;
import io.lunglens.synth.PhantomGenerator;
import io.lunglens.synth.PhantomSpec;
import io.lunglens.synth.Shortcut;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * The images the frontal check is fitted and tested on, each with its source and its part (fit or held out).
 * Files are split per source and kind: sorted by CRC-32 of the file name, every other one is held out, so the split
 * never changes and each kind is halved. Generated images use disjoint seeds for the two parts.
 */
final class FrontalSamples {

    static final Path SHARED = Path.of(System.getProperty("user.dir")).resolve("../shared/data").normalize();
    static final Path CXR_DEV = SHARED.resolve("cxr-dev");
    static final Path CXR_SAMPLES = SHARED.resolve("cxr-samples");
    static final Path SKIMAGE = Path.of("/usr/lib/python3/dist-packages/skimage/data");
    static final Path SCREENSHOTS = Path.of(System.getProperty("user.dir")).resolve("docs/screenshots");

    /** Seeds of generated images: fit, held out, and the phantoms' run seeds. */
    static final long FIT_SEED = 15_001;
    static final long HELD_SEED = 15_777;

    /**
     * @param name     file name or generator and seed
     * @param source   where it comes from (a row of the card's tables)
     * @param frontal  the truth
     * @param fit      true for the fitted part, false for held out
     * @param image    decodes or draws the image
     */
    record Sample(String name, String source, boolean frontal, boolean fit, Supplier<XrayImage> image) {
    }

    private FrontalSamples() {
    }

    /** Everything available on this machine (skimage only when python3-skimage is installed). */
    static List<Sample> all(int generatedPerKind) {
        List<Sample> out = new ArrayList<>();
        out.addAll(cxrDev());
        out.addAll(phantoms(FIT_SEED, true, generatedPerKind));
        out.addAll(phantoms(HELD_SEED, false, generatedPerKind));
        out.addAll(files(SCREENSHOTS, "LungLens screenshots (docs/screenshots)", false));
        out.addAll(files(SKIMAGE, "scikit-image sample data (python3-skimage)", false));
        for (FrontalDrawn.Kind k : FrontalDrawn.Kind.values()) {
            out.addAll(drawn(k, FIT_SEED, true, generatedPerKind));
            out.addAll(drawn(k, HELD_SEED, false, generatedPerKind));
        }
        return out;
    }

    /** -Dlunglens.frontal.noNc=true leaves out cxr-dev files under a NonCommercial licence (CC BY-NC-*). */
    static boolean noNonCommercial() {
        return Boolean.getBoolean("lunglens.frontal.noNc");
    }

    /** cxr-dev, by the source and kind in its files.csv. */
    static List<Sample> cxrDev() {
        Map<String, List<String[]>> groups = new LinkedHashMap<>();
        for (String[] row : csv(CXR_DEV.resolve("files.csv"))) {
            if (noNonCommercial() && row[3].contains("-NC")) {
                continue;
            }
            String kind = row[1].startsWith("CT") ? "CT slice" : row[1].startsWith("lateral") ? "lateral CXR" : "frontal CXR";
            String source = row[2].startsWith("NIH") ? "NIH ChestX-ray8" : row[2].startsWith("Hannover")
                    ? "Hannover COVID-19 repository" : "ieee8023 covid-chestxray-dataset";
            groups.computeIfAbsent(kind + ", " + source, g -> new ArrayList<>()).add(row);
        }
        List<Sample> out = new ArrayList<>();
        groups.forEach((group, rows) -> {
            List<String[]> sorted = rows.stream().sorted(Comparator.comparingLong((String[] r) -> crc(r[0]))
                    .thenComparing(r -> r[0])).toList();
            for (int i = 0; i < sorted.size(); i++) {
                Path file = CXR_DEV.resolve(sorted.get(i)[0]);
                out.add(new Sample(file.getFileName().toString(), group, group.startsWith("frontal"), i % 2 == 0,
                        () -> load(file)));
            }
        });
        return out;
    }

    /** Image files in a folder, split by CRC-32 rank like cxr-dev. */
    static List<Sample> files(Path dir, String source, boolean frontal) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> found;
        try (Stream<Path> s = Files.list(dir)) {
            found = s.filter(p -> p.toString().matches(".*\\.(png|jpg|jpeg|gif|tif|bmp)"))
                    .filter(FrontalSamples::loads)
                    .sorted(Comparator.comparingLong((Path p) -> crc(p.getFileName().toString()))
                            .thenComparing(Path::toString))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < found.size(); i++) {
            Path p = found.get(i);
            out.add(new Sample(p.getFileName().toString(), source, frontal, i % 2 == 0, () -> load(p)));
        }
        return out;
    }

    /** Phantoms of both classes, sizes and difficulties varied by index; all frontal. */
    static List<Sample> phantoms(long seed, boolean fit, int count) {
        List<Sample> out = new ArrayList<>();
        Difficulty[] ds = Difficulty.values();
        int[] sizes = {256, 384, 512};
        for (int i = 0; i < count; i++) {
            int idx = i;
            boolean covid = i % 2 == 1;
            PhantomSpec spec = new PhantomSpec(sizes[i % sizes.length], ds[(i / 2) % ds.length],
                    i % 5 == 4 ? Shortcut.MARKER : Shortcut.NONE, i % 7 == 3);
            out.add(new Sample("phantom seed " + seed + " #" + i, "LungLens synth phantoms", true, fit,
                    () -> PhantomGenerator.generate(spec, covid, seed, idx).toXrayImage()));
        }
        return out;
    }

    static List<Sample> drawn(FrontalDrawn.Kind kind, long seed, boolean fit, int count) {
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long s = seed * 1000 + i;
            out.add(new Sample(kind.name().toLowerCase() + " " + s, kind.source, false, fit,
                    () -> gray(FrontalDrawn.draw(kind, s))));
        }
        return out;
    }

    static XrayImage load(Path p) {
        try {
            return ImageLoader.load(p);
        } catch (ImageLoadException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static boolean loads(Path p) {
        try {
            ImageLoader.load(p);
            return true;
        } catch (ImageLoadException | RuntimeException e) {
            return false;
        }
    }

    /** A drawn RGB image as the loader would give it: Rec. 601 luminance, 8 bits. */
    static XrayImage gray(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        int[] rgb = img.getRGB(0, 0, w, h, null, 0, w);
        int[] px = new int[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            int c = rgb[i];
            px[i] = (int) Math.round(0.299 * ((c >> 16) & 255) + 0.587 * ((c >> 8) & 255) + 0.114 * (c & 255));
        }
        return new XrayImage(w, h, 8, px, Photometric.MONOCHROME2, ImageInfo.plain(Path.of("drawn.png"), "PNG"));
    }

    static long crc(String s) {
        CRC32 c = new CRC32();
        c.update(s.getBytes(StandardCharsets.UTF_8));
        return c.getValue();
    }

    /** files.csv rows: file, kind, source, license (quoted fields may hold commas). */
    static List<String[]> csv(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            List<String[]> rows = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                if (!line.isBlank()) {
                    rows.add(splitCsv(line));
                }
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String[] splitCsv(String line) {
        List<String> f = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        boolean quoted = false;
        for (char c : line.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                f.add(b.toString());
                b.setLength(0);
            } else {
                b.append(c);
            }
        }
        f.add(b.toString());
        return f.toArray(String[]::new);
    }
}
