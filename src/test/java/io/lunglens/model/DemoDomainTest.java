package io.lunglens.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunglens.imaging.ImageFiles;
import io.lunglens.imaging.ImageLoader;
import io.lunglens.imaging.XrayImage;
import io.lunglens.synth.PhantomSpec;
import io.lunglens.synth.SynthJob;
import io.lunglens.task.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped demo model's training-domain description, on the real engine: fresh phantoms (a seed its data never
 * used) are inside what it was trained on, real radiographs (and lateral films, CT slices) are outside.
 */
class DemoDomainTest {

    static final Path DEMO = Path.of(System.getProperty("lunglens.demo", "models/demo"));
    static final Path CXR_DEV = Path.of(System.getProperty("user.dir")).resolve("../shared/data/cxr-dev");

    @TempDir
    Path tmp;

    @Test
    void freshPhantomsAreInsideAndRealRadiographsOutside() throws Exception {
        assertTrue(Files.isDirectory(CXR_DEV.resolve("frontal")), "the development radiographs: " + CXR_DEV);
        // Seed 99: the demo's data used seed 1, its pretraining seed 7, its fresh test set its own.
        new SynthJob(tmp, 20, 99, PhantomSpec.standard(256), false).run(Progress.none());
        List<Path> phantoms = ImageFiles.list(tmp, true).stream().filter(p -> p.toString().contains("/images/")).toList();
        assertEquals(40, phantoms.size());
        List<Path> frontal = ImageFiles.list(CXR_DEV.resolve("frontal"), true);
        List<Path> other = ImageFiles.list(CXR_DEV.resolve("not-frontal"), true);
        assertEquals(190, frontal.size());
        try (Classifier c = Classifier.load(DEMO)) {
            assertTrue(c.bundle().domain() != null, "the shipped demo carries " + TrainingDomain.FILE);
            double[] inPhantoms = scores(c, phantoms);
            double[] inFrontal = scores(c, frontal);
            double[] inOther = scores(c, other);
            double phantomsIn = fraction(inPhantoms, true);
            double frontalOut = fraction(inFrontal, false);
            double otherOut = fraction(inOther, false);
            System.out.printf(Locale.ROOT, "demo domain: fresh phantoms inside %.3f (max score %.3f);"
                            + " real frontal outside %.3f (min score %.3f); lateral+CT outside %.3f (min %.3f)%n",
                    phantomsIn, max(inPhantoms), frontalOut, min(inFrontal), otherOut, min(inOther));
            assertTrue(phantomsIn >= 0.95, "fresh phantoms inside: " + phantomsIn);
            assertTrue(frontalOut >= 0.95, "real frontal radiographs outside: " + frontalOut);
            assertTrue(otherOut >= 0.95, "lateral films and CT slices outside: " + otherOut);
        }
    }

    static double[] scores(Classifier c, List<Path> files) throws Exception {
        double[] out = new double[files.size()];
        for (int from = 0; from < files.size(); from += 8) {
            List<XrayImage> batch = new ArrayList<>();
            for (Path f : files.subList(from, Math.min(files.size(), from + 8))) {
                batch.add(ImageLoader.load(f));
            }
            List<Prediction> p = c.predictBatch(batch);
            for (int i = 0; i < p.size(); i++) {
                assertTrue(p.get(i).hasDomainScore());
                out[from + i] = p.get(i).domainScore();
            }
        }
        return out;
    }

    static double fraction(double[] scores, boolean inside) {
        int n = 0;
        for (double s : scores) {
            n += (s <= 1) == inside ? 1 : 0;
        }
        return (double) n / scores.length;
    }

    static double max(double[] v) {
        return Arrays.stream(v).max().orElse(Double.NaN);
    }

    static double min(double[] v) {
        return Arrays.stream(v).min().orElse(Double.NaN);
    }
}
