package io.lunglens.gate;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lunglens.gate.FrontalSamples.Sample;
import io.lunglens.imaging.ImageInfo;
import io.lunglens.imaging.ImageLoader;
import io.lunglens.imaging.ModelInput;
import io.lunglens.imaging.Photometric;
import io.lunglens.imaging.XrayImage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Times the shipped frontal check on every cxr-dev image (decode excluded and included) and on a 4000² 16-bit film,
 * and scores the held-out part. Writes bench.json to the folder given; bench/gate.sh turns it into BENCHMARKS.md.
 * One thread, so the times are per image on one core.
 */
public final class FrontalBench {

    private static final int REPEATS = 20;

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        FrontalCheck check = FrontalCheck.standard();
        List<Sample> dev = FrontalSamples.cxrDev();
        for (int i = 0; i < 3; i++) {
            for (Sample s : dev) {
                check.check(s.image().get()); // warm-up: JIT and page cache
            }
        }
        double[] checkMs = new double[dev.size()];
        double[] decodeMs = new double[dev.size()];
        double[] bothMs = new double[dev.size()];
        long pixels = 0;
        for (int i = 0; i < dev.size(); i++) {
            Path file = FrontalSamples.CXR_DEV.resolve(dev.get(i).source().startsWith("frontal") ? "frontal"
                    : "not-frontal").resolve(dev.get(i).name());
            long t0 = System.nanoTime();
            XrayImage img = ImageLoader.load(file);
            long t1 = System.nanoTime();
            check.check(img);
            long t2 = System.nanoTime();
            decodeMs[i] = (t1 - t0) / 1e6;
            bothMs[i] = (t2 - t0) / 1e6;
            pixels += (long) img.width() * img.height();
            double[] reps = new double[REPEATS];
            for (int r = 0; r < REPEATS; r++) {
                long a = System.nanoTime();
                check.check(img);
                reps[r] = (System.nanoTime() - a) / 1e6;
            }
            checkMs[i] = median(reps);
        }
        XrayImage big = big(FrontalSamples.load(FrontalSamples.CXR_SAMPLES.resolve("normal/nih_00001280_004.png")));
        double[] bigMs = new double[REPEATS];
        for (int r = 0; r < REPEATS; r++) {
            long a = System.nanoTime();
            check.check(big);
            bigMs[r] = (System.nanoTime() - a) / 1e6;
        }
        List<Sample> held = FrontalSamples.all(FrontalFit.PER_KIND).stream().filter(s -> !s.fit()).toList();
        List<FrontalEval.Row> rows = FrontalEval.rows(FrontalEval.score(check, held));
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("id", check.id());
        j.put("threshold", check.threshold());
        j.put("images", dev.size());
        j.put("mean_megapixels", pixels / 1e6 / dev.size());
        j.put("check_ms_median", median(checkMs));
        j.put("check_ms_p95", quantile(checkMs, 0.95));
        j.put("check_ms_max", quantile(checkMs, 1));
        j.put("decode_ms_median", median(decodeMs));
        j.put("decode_and_check_ms_median", median(bothMs));
        j.put("decode_and_check_ms_p95", quantile(bothMs, 0.95));
        j.put("big_ms_median", median(bigMs));
        j.put("big_size", big.width() + "x" + big.height() + " " + big.bitsStored() + "-bit");
        j.put("rows", rows);
        j.put("table", FrontalEval.table(rows));
        new ObjectMapper().writeValue(out.resolve("bench.json").toFile(), j);
        System.out.print(FrontalEval.table(rows));
        System.out.println(j);
    }

    /** A 4000² 16-bit film made from a real one, as a large detector would give it. */
    private static XrayImage big(XrayImage small) {
        int n = 4000;
        float[] unit = ModelInput.resample(ModelInput.toUnit(small), small.width(), small.height(), n, n);
        int[] px = new int[unit.length];
        for (int i = 0; i < px.length; i++) {
            px[i] = Math.round(unit[i] * 65535);
        }
        return new XrayImage(n, n, 16, px, Photometric.MONOCHROME2, ImageInfo.plain(Path.of("big.png"), "PNG"));
    }

    private static double median(double[] v) {
        return quantile(v, 0.5);
    }

    private static double quantile(double[] v, double q) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[(int) Math.round(q * (s.length - 1))];
    }
}
