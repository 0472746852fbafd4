package io.lunglens.bench;

import io.lunglens.imaging.ImageLoader;
import io.lunglens.imaging.ModelInput;
import io.lunglens.model.Architecture;
import io.lunglens.model.Classifier;
import io.lunglens.model.ModelBundle;
import io.lunglens.model.ModelCard;
import io.lunglens.scan.ScanJob;
import io.lunglens.scan.ScanListener;
import io.lunglens.scan.ScanOptions;
import io.lunglens.scan.ScanStats;
import io.lunglens.scan.ScanSummary;
import io.lunglens.gate.FrontalCheck;
import io.lunglens.synth.PhantomSpec;
import io.lunglens.synth.SynthJob;
import io.lunglens.task.Progress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Batch scan benchmark (run by bench/scan.sh): scan throughput on phantoms and on real-size images as a ratio to the
 * same model's pure batch-8 throughput measured in the same process, and resident memory at 1k and 10k images.
 * Writes the "## Batch scan" Markdown section to the file given as second argument.
 */
public final class ScanBench {

    private ScanBench() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        Path section = Path.of(args[1]);
        int phantoms = Integer.getInteger("bench.phantoms", 1000);
        int real = Integer.getInteger("bench.real", 200);
        int big = Integer.getInteger("bench.big", 10_000);
        int bigSize = Integer.getInteger("bench.bigSize", 128);
        int large = Integer.getInteger("bench.large", 300);
        int largeFilms = Integer.getInteger("bench.largeFilms", 45);
        int dev = Integer.getInteger("bench.dev", 380);
        Path cxrDev = Path.of(System.getProperty("bench.cxrDev", "../shared/data/cxr-dev"));
        Files.createDirectories(work);

        Path phantomDir = work.resolve("phantoms-" + phantoms);
        writePhantoms(phantomDir, phantoms);
        Path realDir = work.resolve("real-" + real);
        link(realDir, real, Path.of("assets/samples"));
        // The long run cycles over the phantoms (hard links): it measures whether memory stays flat, not decoding.
        // The development films as they come (8-bit PNG, long side up to 512 px), the real-file set.
        Path devDir = work.resolve("dev-" + dev);
        link(devDir, dev, cxrDev.resolve("frontal"));
        Path bigDir = work.resolve("big-" + big);
        link(bigDir, big, phantomDir);
        // Real films at detector sizes, and the same films small: what reduced decoding is for.
        List<Path> sources = RealSizeFilms.films(cxrDev.resolve("frontal"));
        List<Path> largeSet = RealSizeFilms.write(sources, largeFilms, 0, work.resolve("large-films"));
        List<Path> smallSet = RealSizeFilms.write(sources, largeFilms, 512, work.resolve("small-films"));
        Path largeDir = work.resolve("large-" + large);
        RealSizeFilms.repeat(largeDir, large, largeSet);
        Path smallDir = work.resolve("small-" + large);
        RealSizeFilms.repeat(smallDir, large, smallSet);

        StringBuilder md = new StringBuilder("## Batch scan\n\n");
        md.append(String.format(Locale.ROOT, "Run of `bench/scan.sh` on %s (%s), %d cores, load average at the "
                        + "start %s, Java %s, max heap %d MB; "
                        + "DJL threads %s. ResNet50-LSTM with random weights (`ModelBundle.fresh`), batch 8, %d decoder thread(s). "
                        + "Pure = `Classifier.predictPlanes` on ready batch-8 planes (network only), measured just before and "
                        + "just after each scan in the same process, the ratio taken against their mean (the machine's speed "
                        + "drifts); OMP_WAIT_POLICY=%s; scan = files/s from listing to the final CSV (decode, preprocess, "
                        + "network, CSV).\n\n",
                System.getProperty("os.arch"), cpuModel(), Runtime.getRuntime().availableProcessors(), loadAverage(),
                System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("ai.djl.pytorch.num_threads", "default"), ScanOptions.defaultDecoders(),
                System.getenv().getOrDefault("OMP_WAIT_POLICY", "unset")));
        md.append("| data | images | input | pure batch-8 img/s before / after | scan img/s | ratio | peak RSS (VmHWM) |\n");
        md.append("|---|---|---|---|---|---|---|\n");

        Path model224 = work.resolve("model224");
        save(model224, 224);
        try (Classifier c = Classifier.load(model224)) {
            pure(c);
            row(md, "synthetic phantoms 512² PNG (lunglens synth)", c, phantomDir, work.resolve("phantoms.csv"));
            row(md, "cxr-dev frontal films as distributed (PNG 8-bit, long side ≤ 512 px), repeated", c, devDir,
                    work.resolve("dev.csv"));
            row(md, "real samples 640–1024 px PNG, repeated", c, realDir, work.resolve("real.csv"));
            String films = largeFilms + " cxr-dev frontal films, PNG 8-bit, PNG 16-bit and JPEG q0.9 in turn, repeated";
            double reduced = row(md, "real-size: " + films + ", enlarged to 2000–4300 px; reduced decode", c,
                    ScanOptions.of(largeDir, work.resolve("large.csv")));
            double full = row(md, "real-size, the same files, full decode (as before issue 19)", c,
                    ScanOptions.of(largeDir, work.resolve("large-full.csv")).withFullDecode(true));
            double small = row(md, "the same " + films + ", at 512 px", c,
                    ScanOptions.of(smallDir, work.resolve("small.csv")));
            md.append(String.format(Locale.ROOT, "%nReal-size scan rate as a share of the 512-px rate: %.2f with "
                    + "reduced decode, %.2f with full decode.%n", reduced / small, full / small));
        }

        Path modelBig = work.resolve("modelBig");
        save(modelBig, bigSize);
        try (Classifier c = Classifier.load(modelBig)) {
            long[] rssAt = new long[2];
            ScanListener memory = new ScanListener() {
                @Override
                public void progress(ScanStats s) {
                    if (rssAt[0] == 0 && s.done() >= 1000) {
                        rssAt[0] = status("VmRSS");
                    }
                    if (s.done() >= s.total()) {
                        rssAt[1] = status("VmRSS");
                    }
                }
            };
            double pure = pure(c);
            ScanSummary s = new ScanJob(c, ScanOptions.of(bigDir, work.resolve("big.csv")), memory).run(Progress.none());
            md.append(String.format(Locale.ROOT, "%nMemory over one long scan of %d files (hard links cycling over the "
                            + "phantoms) with the same network at %d² input, to keep the run short: RSS %.2f GB after "
                            + "1,000 images, %.2f GB after %,d; peak (VmHWM) of the whole process %.2f GB. Scan %.1f img/s, "
                            + "pure %.1f img/s (ratio %.2f), %d unreadable.%n",
                    big, bigSize, rssAt[0] / 1048576.0, rssAt[1] / 1048576.0, s.files(), status("VmHWM") / 1048576.0,
                    s.imagesPerSecond(), pure, s.imagesPerSecond() / pure, s.errors()));
        }
        md.append("\nDecoding for the model (`ImageLoader.loadForModel`): the decoded shorter side against decode + "
                + "model input time on one thread (CPU time, best of 2) and the model input's difference from a full "
                + "decode (224², values in [0,1]), over the first 30 real-size films; the noisy columns add Gaussian "
                + "noise of σ 0.02 to every pixel first, as a detector would, and sample it on the same grid.\n\n");
        md.append(RealSizeFilms.marginTable(largeSet.subList(0, Math.min(30, largeSet.size()))));
        md.append('\n').append(RealSizeFilms.frontalAgreement(cxrDev, FrontalCheck.standard()));
        md.append("\nLoad average at the end (1/5/15 min): ").append(loadAverage())
                .append(". Other processes share these cores; compare the ratios, not the absolute rates.\n");
        Files.writeString(section, md.toString(), StandardCharsets.UTF_8);
        System.out.print(md);
    }

    private static void row(StringBuilder md, String name, Classifier c, Path dir, Path csv) throws Exception {
        row(md, name, c, ScanOptions.of(dir, csv));
    }

    /** One table row, the scan between two pure measurements; returns the scan rate. */
    private static double row(StringBuilder md, String name, Classifier c, ScanOptions options) throws Exception {
        double before = pure(c);
        ScanSummary s = new ScanJob(c, options, ScanListener.NONE).run(Progress.none());
        double after = pure(c);
        double pure = (before + after) / 2;
        md.append(String.format(Locale.ROOT, "| %s | %d | %d² | %.2f / %.2f | %.2f | %.2f | %.2f GB |%n", name,
                s.files(), c.card().inputSize(), before, after, s.imagesPerSecond(), s.imagesPerSecond() / pure,
                status("VmHWM") / 1048576.0));
        System.err.print(md.substring(md.lastIndexOf("| " + name)));
        return s.imagesPerSecond();
    }

    /** Network-only images per second at batch 8, over 6 batches after 2 warm-up batches. */
    private static double pure(Classifier c) throws Exception {
        Path sample;
        try (Stream<Path> s = Files.walk(Path.of("assets/samples"))) {
            sample = s.filter(f -> f.toString().endsWith(".png")).sorted().findFirst().orElseThrow();
        }
        int size = c.card().inputSize();
        float[] one = ModelInput.toTensorData(ImageLoader.load(sample), size);
        float[] planes = new float[8 * one.length];
        for (int i = 0; i < 8; i++) {
            System.arraycopy(one, 0, planes, i * one.length, one.length);
        }
        for (int i = 0; i < 2; i++) {
            c.predictPlanes(planes, 8);
        }
        int rounds = 6;
        long t0 = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            c.predictPlanes(planes, 8);
        }
        return rounds * 8 / ((System.nanoTime() - t0) / 1e9);
    }

    private static void save(Path dir, int size) throws Exception {
        ModelCard card = ModelCard.draft("bench" + size, Architecture.RESNET50_LSTM, size, true);
        try (ModelBundle b = ModelBundle.fresh(card)) {
            ModelBundle.save(dir, b.network(), card);
        }
    }

    /** n synthetic phantoms at 512² (standard), made by the project's own generator; reused when present. */
    private static void writePhantoms(Path dir, int n) throws Exception {
        if (!Files.isDirectory(dir.resolve("COVID"))) {
            new SynthJob(dir, n / 2, 1, PhantomSpec.standard(512), true).run(Progress.none());
            // Only the radiographs are scanned; the masks beside them would triple the count.
            for (String cls : SynthJob.LABELS) {
                for (String sub : List.of("masks", "lesions")) {
                    try (var files = Files.walk(dir.resolve(cls).resolve(sub))) {
                        for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                            Files.delete(f);
                        }
                    }
                }
            }
        }
    }

    /** n hard links in dir to the PNGs below source, cycling. */
    private static void link(Path dir, int n, Path source) throws Exception {
        Files.createDirectories(dir);
        List<Path> samples;
        try (Stream<Path> s = Files.walk(source)) {
            samples = s.filter(f -> f.toString().endsWith(".png")).sorted().map(Path::toAbsolutePath).toList();
        }
        for (int i = 0; i < n; i++) {
            Path f = dir.resolve(String.format("x%05d.png", i));
            if (!Files.exists(f)) {
                Files.createLink(f, samples.get(i % samples.size()));
            }
        }
    }

    /** The CPU's model name as /proc/cpuinfo (and lscpu) give it. */
    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("unknown CPU");
        } catch (Exception e) {
            return "unknown CPU";
        }
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " / " + f[1] + " / " + f[2];
        } catch (Exception e) {
            return "unknown";
        }
    }

    /** A /proc/self/status field in kB. */
    private static long status(String field) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith(field + ":")) {
                    return Long.parseLong(l.replaceAll("\\D+", ""));
                }
            }
        } catch (Exception e) {
            return -1;
        }
        return -1;
    }
}
