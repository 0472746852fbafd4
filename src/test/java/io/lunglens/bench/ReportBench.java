package io.lunglens.bench;

import io.lunglens.gate.GateResult;
import io.lunglens.gate.InputGate;
import io.lunglens.imaging.ImageLoader;
import io.lunglens.imaging.XrayImage;
import io.lunglens.model.Classifier;
import io.lunglens.model.Explanation;
import io.lunglens.report.ImageFinding;
import io.lunglens.report.ImageReport;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Per-image report benchmark (run by bench/report.sh): the cost of a report once the verdict and its map exist, as
 * the viewer's Export report and {@code predict --report} pay it: hash the file, window and shrink the film, colour
 * the map, lay out the page and write it (PDF, then PNG). Real films of cxr-dev, the largest always among them.
 */
public final class ReportBench {

    private ReportBench() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Files.createDirectories(Path.of(args[0]));
        Path section = Path.of(args[1]);
        List<Path> films = new ArrayList<>(films(Integer.getInteger("bench.images", 24)));
        films.add(bigFilm(films.get(films.size() - 1), work.resolve("big-3000-16bit.png")));
        List<Double> pdf = new ArrayList<>();
        List<Double> png = new ArrayList<>();
        List<Long> bytes = new ArrayList<>();
        double megapixels = 0;
        double largest = 0;
        try (Classifier c = Classifier.load(Path.of("models/demo"))) {
            for (int i = -2; i < films.size(); i++) {
                Path f = films.get(Math.max(0, i)); // two warm-up rounds on the first film
                XrayImage img = ImageLoader.load(f);
                Explanation e = c.explain(img);
                GateResult gate = InputGate.standard().judge(img, e.prediction(), c.card());
                double tPdf = time(() -> write(f, img, e, gate, c, work.resolve("r.pdf")));
                double tPng = time(() -> write(f, img, e, gate, c, work.resolve("r.png")));
                if (i >= 0) {
                    pdf.add(tPdf);
                    png.add(tPng);
                    bytes.add(Files.size(work.resolve("r.pdf")));
                    megapixels += img.width() * (double) img.height() / 1e6;
                    largest = Math.max(largest, img.width() * (double) img.height() / 1e6);
                }
            }
        }
        String md = String.format(Locale.ROOT, """
                ## Per-image report

                Run of `bench/report.sh` on %d cores, Java %s: the time from a verdict with its Grad-CAM map to the \
                written report (`ImageReport.write`: SHA-256 of the file, window and shrink the film, colour the map, \
                lay out and write the page), over %d real films (cxr-dev, and the largest of them enlarged to 3000×3000 at 16 bits; mean %.1f megapixels, the largest %.1f), demo model, load average %s at the start.

                | form | median | p95 | max | requirement |
                |---|---|---|---|---|
                | PDF | %.0f ms | %.0f ms | %.0f ms | ≤ 1 s: %s |
                | PNG (2 px per point) | %.0f ms | %.0f ms | %.0f ms | |

                PDF size: median %.0f KB (the film and the overlay stored losslessly at ≤ 1000 px, fonts subset).
                """, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), films.size(),
                megapixels / films.size(), largest, load(), pct(pdf, 50), pct(pdf, 95), pct(pdf, 100),
                pct(pdf, 50) <= 1000 ? "met" : "**missed**", pct(png, 50), pct(png, 95), pct(png, 100),
                pct(bytes.stream().map(b -> b / 1024.0).toList(), 50));
        Files.writeString(section, md);
        System.out.print(md);
    }

    private interface Step {
        void run() throws Exception;
    }

    private static double time(Step s) throws Exception {
        long t0 = System.nanoTime();
        s.run();
        return (System.nanoTime() - t0) / 1e6;
    }

    private static void write(Path f, XrayImage img, Explanation e, GateResult gate, Classifier c, Path target)
            throws Exception {
        ImageFinding finding = new ImageFinding(ImageFinding.Source.of(f, img, false),
                ImageFinding.Reading.standard(img), ImageFinding.Verdict.of(e.prediction(), gate, true),
                new ImageFinding.Evidence(e.cam(), e.width(), e.height(), ImageFinding.Evidence.GRAD_CAM, Double.NaN,
                        ""), c.card(), Instant.now());
        ImageReport.write(finding, target);
    }

    /** A real film enlarged to 3000×3000 at 16 bits, as a DR detector delivers it: the size a report must handle. */
    private static Path bigFilm(Path src, Path out) throws Exception {
        BufferedImage small = ImageIO.read(src.toFile());
        BufferedImage big = new BufferedImage(3000, 3000,
                BufferedImage.TYPE_USHORT_GRAY);
        Graphics2D g = big.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION,
                RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(small, 0, 0, 3000, 3000, null);
        g.dispose();
        ImageIO.write(big, "png", out.toFile());
        return out;
    }

    /** Every k-th frontal film of cxr-dev by name, with the largest one always included. */
    private static List<Path> films(int n) throws Exception {
        List<Path> all;
        try (Stream<Path> s = Files.list(Path.of("../shared/data/cxr-dev/frontal"))) {
            all = s.filter(Files::isRegularFile).sorted().toList();
        }
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < n - 1; i++) {
            out.add(all.get(i * all.size() / (n - 1)));
        }
        out.add(Collections.max(all, (a, b) -> Long.compare(a.toFile().length(), b.toFile().length())));
        return out;
    }

    private static String load() throws Exception {
        return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    }

    private static double pct(List<Double> v, int p) {
        List<Double> s = new ArrayList<>(v);
        Collections.sort(s);
        return s.get(Math.min(s.size() - 1, (int) Math.ceil(p / 100.0 * s.size()) - 1));
    }
}
