package io.lunglens.bench;

import io.lunglens.gate.FrontalCheck;
import io.lunglens.imaging.ImageLoader;
import io.lunglens.imaging.LargeFilms;
import io.lunglens.imaging.ModelInput;
import io.lunglens.imaging.ReducedImage;
import io.lunglens.imaging.XrayImage;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The real-size part of the scan benchmark: the cxr-dev films enlarged to detector sizes (ScanBench's data set), how
 * far the reduced decode's model input is from a full decode's at each margin, and whether the frontal check decides
 * the same on both.
 */
final class RealSizeFilms {

    /** Long sides the films are enlarged to, cycling: the range of CR/DR detectors. */
    static final int[] SIDES = {2000, 2500, 3000, 3600, 4300};
    private static final int INPUT = 224;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private RealSizeFilms() {
    }

    /** The files of a folder, sorted. */
    static List<Path> films(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /**
     * {@code count} films spread over {@code sources}, film i written with kind i mod 3 and, when {@code longSide}
     * is 0, long side SIDES[(i / 3) mod 5], else {@code longSide}; kept when already there.
     */
    static List<Path> write(List<Path> sources, int count, int longSide, Path dir) throws Exception {
        Files.createDirectories(dir);
        List<Path> out = new ArrayList<>();
        LargeFilms.Kind[] kinds = LargeFilms.Kind.values();
        for (int i = 0; i < count; i++) {
            Path source = sources.get((int) ((long) i * sources.size() / count));
            LargeFilms.Kind kind = kinds[i % kinds.length];
            int side = longSide > 0 ? longSide : SIDES[(i / kinds.length) % SIDES.length];
            Path f = dir.resolve(String.format(Locale.ROOT, "f%03d-%s-%d.%s", i, kind, side, kind.extension));
            if (!Files.exists(f)) {
                LargeFilms.write(source, f, side, kind);
            }
            out.add(f);
        }
        return out;
    }

    /** n hard links in dir cycling over the files. */
    static void repeat(Path dir, int n, List<Path> files) throws Exception {
        Files.createDirectories(dir);
        for (int i = 0; i < n; i++) {
            Path src = files.get(i % files.size()).toAbsolutePath();
            String name = src.getFileName().toString();
            Path f = dir.resolve(String.format(Locale.ROOT, "x%05d%s", i, name.substring(name.lastIndexOf('.'))));
            if (!Files.exists(f)) {
                Files.createLink(f, src);
            }
        }
    }

    /**
     * Per margin (the decoded shorter side in input sides; 0 = full decode): decode + model input CPU time per kind,
     * and the model input's mean and largest absolute difference from a full decode, on the files as written and
     * with detector-like noise (σ 0.02 per pixel) added before sampling.
     */
    static String marginTable(List<Path> files) throws Exception {
        StringBuilder md = new StringBuilder("| decoded shorter side | CPU ms/img PNG 8-bit | PNG 16-bit | JPEG "
                + "| mean abs diff | largest diff | mean abs diff, noisy films | largest, noisy |\n"
                + "|---|---|---|---|---|---|---|---|\n");
        for (int margin : new int[] {0, 2, 3, 4}) {
            double[] cpu = new double[3];
            int[] n = new int[3];
            double[] diff = new double[4];
            for (int i = 0; i < files.size(); i++) {
                Path f = files.get(i);
                int kind = i % 3;
                cpu[kind] += cpuMillis(f, margin);
                n[kind]++;
                if (margin > 0) {
                    accumulate(diff, f, margin, new Random(i));
                }
            }
            md.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %s | %s | %s | %s |%n",
                    margin == 0 ? "full decode" : margin + "× input (" + margin * INPUT + " px)",
                    cpu[0] / n[0], cpu[1] / n[1], cpu[2] / n[2], num(diff[0] / files.size(), margin),
                    num(diff[1], margin), num(diff[2] / files.size(), margin), num(diff[3], margin)));
        }
        return md.toString();
    }

    private static String num(double v, int margin) {
        return margin == 0 ? "0" : String.format(Locale.ROOT, "%.4f", v);
    }

    /** CPU time of this thread for decode + model input, best of two after one warm-up. */
    private static double cpuMillis(Path f, int margin) throws Exception {
        double best = Double.MAX_VALUE;
        for (int r = 0; r < 3; r++) {
            long t0 = THREADS.getCurrentThreadCpuTime();
            XrayImage img = margin == 0 ? ImageLoader.load(f) : ImageLoader.loadReduced(f, margin * INPUT).image();
            ModelInput.toTensorData(img, INPUT);
            double ms = (THREADS.getCurrentThreadCpuTime() - t0) / 1e6;
            best = r == 0 ? best : Math.min(best, ms);
        }
        return best;
    }

    /** Adds mean / max differences of the model input, clean and noisy, into diff[0..3]. */
    private static void accumulate(double[] diff, Path f, int margin, Random random) throws Exception {
        XrayImage full = ImageLoader.load(f);
        ReducedImage reduced = ImageLoader.loadReduced(f, margin * INPUT);
        double[] clean = compare(full, reduced.image());
        XrayImage noisy = withNoise(full, 0.02, random);
        double[] dirty = compare(noisy, ReducedImage.of(noisy, reduced.step()).image());
        diff[0] += clean[0];
        diff[1] = Math.max(diff[1], clean[1]);
        diff[2] += dirty[0];
        diff[3] = Math.max(diff[3], dirty[1]);
    }

    private static double[] compare(XrayImage full, XrayImage reduced) {
        float[] a = ModelInput.toTensorData(full, INPUT);
        float[] b = ModelInput.toTensorData(reduced, INPUT);
        double sum = 0;
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            double d = Math.abs(a[i] - b[i]);
            sum += d;
            max = Math.max(max, d);
        }
        return new double[] {sum / a.length, max};
    }

    /** The image with Gaussian noise of sigma (in units of the full range) on every pixel. */
    static XrayImage withNoise(XrayImage img, double sigma, Random random) {
        int max = (1 << img.bitsStored()) - 1;
        int[] px = img.pixels().clone();
        for (int i = 0; i < px.length; i++) {
            px[i] = (int) Math.max(0, Math.min(max, Math.round(px[i] + random.nextGaussian() * sigma * max)));
        }
        return new XrayImage(img.width(), img.height(), img.bitsStored(), px, img.photometric(), img.info());
    }

    /**
     * The frontal check on every film of cxr-dev (frontal/ and not-frontal/, the truth) enlarged in memory to the real
     * sizes (8-bit and 16-bit alternately), decoded in full against sampled as the scan's reduced decode samples (the
     * same pixels: the decoder keeps exactly those, ReducedDecodeTest), and at the film's own size. Returns one
     * Markdown paragraph.
     */
    static String frontalAgreement(Path cxrDev, FrontalCheck check) throws Exception {
        int n = 0;
        int[] right = new int[3];
        double sum = 0;
        double max = 0;
        List<String> flips = new ArrayList<>();
        for (String folder : List.of("frontal", "not-frontal")) {
            boolean truth = folder.equals("frontal");
            for (Path f : films(cxrDev.resolve(folder))) {
                XrayImage full = LargeFilms.enlarged(f, SIDES[n % SIDES.length], n % 2 == 0 ? 8 : 16);
                int step = ImageLoader.step(full.width(), full.height(), ImageLoader.MODEL_DECODE_MARGIN * INPUT);
                FrontalCheck.Result a = check.check(full);
                FrontalCheck.Result b = check.check(ReducedImage.of(full, step).image());
                FrontalCheck.Result own = check.check(ImageLoader.load(f));
                right[0] += a.frontal() == truth ? 1 : 0;
                right[1] += b.frontal() == truth ? 1 : 0;
                right[2] += own.frontal() == truth ? 1 : 0;
                double d = Math.abs(a.score() - b.score());
                sum += d;
                max = Math.max(max, d);
                if (a.frontal() != b.frontal()) {
                    flips.add(String.format(Locale.ROOT, "%s/%s: %.3f in full, %.3f reduced, %.3f at its own size",
                            folder, f.getFileName(), a.score(), b.score(), own.score()));
                }
                n++;
            }
        }
        return String.format(Locale.ROOT, "Frontal check, reduced against full decode: the %d cxr-dev images "
                + "(frontal films and not: laterals, CT) enlarged in memory to 2000-4300 px, 8- and 16-bit alternately, "
                + "checked in full and at the scan's step for 224² input: %d decision(s) differ%s. Score difference "
                + "mean %.4f, largest %.4f (threshold %.3f). Right decisions: %d in full, %d reduced, %d on the images "
                + "at their own size.%n", n, flips.size(), flips.isEmpty() ? "" : " (" + String.join("; ", flips) + ")",
                sum / n, max, check.threshold(), right[0], right[1], right[2]);
    }
}
