package io.lunglens.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunglens.synth.Phantom;
import io.lunglens.synth.PhantomGenerator;
import io.lunglens.synth.PhantomSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class LungFieldsTest {

    @Test
    void segmentationMatchesPhantomLungMasks() {
        PhantomSpec spec = PhantomSpec.standard(256);
        double sum = 0;
        double worst = 1;
        int n = 0;
        for (boolean covid : List.of(true, false)) {
            for (int i = 0; i < 20; i++) {
                Phantom p = PhantomGenerator.generate(spec, covid, 77, i);
                int[] mask = new int[p.lungMask().length];
                for (int k = 0; k < mask.length; k++) {
                    mask[k] = p.lungMask()[k];
                }
                LungMask truth = LungMask.of(new XrayImage(p.size(), p.size(), 8, mask, Photometric.MONOCHROME2,
                        ImageInfo.plain(Path.of("mask"), "PNG"))).resize(LungFields.SIZE, LungFields.SIZE);
                double iou = LungFields.segment(p.toXrayImage()).iou(truth);
                sum += iou;
                worst = Math.min(worst, iou);
                n++;
            }
        }
        assertTrue(sum / n >= 0.7, "mean IoU " + sum / n);
        assertTrue(worst >= 0.4, "worst IoU " + worst);
    }

    @Test
    void realSamplesGetTwoPlausibleLungFields() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.walk(Path.of("assets/samples"))) {
            // The phantoms have their own test against their true masks.
            files = s.filter(f -> f.toString().endsWith(".png") && !f.toString().contains("phantoms")).sorted().toList();
        }
        assertEquals(10, files.size());
        int plausible = 0;
        for (Path f : files) {
            LungMask m = LungFields.segment(ImageLoader.load(f));
            double left = 0;
            double right = 0;
            for (int i = 0; i < m.inside().length; i++) {
                if (m.inside()[i]) {
                    if (i % LungFields.SIZE < LungFields.SIZE / 2) left++; else right++;
                }
            }
            double area = m.area();
            if (area > 0.12 && area < 0.5 && left > 0.25 * (left + right) && right > 0.25 * (left + right)) {
                plausible++;
            }
        }
        // A rough, documented segmentation: most real radiographs, not all, must come out plausible.
        assertTrue(plausible >= 8, plausible + " of " + files.size());
    }

    @Test
    void shareCountsMapMassInsideTheMask() {
        boolean[] in = new boolean[16];
        for (int i = 0; i < 8; i++) in[i] = true;
        LungMask m = new LungMask(4, 4, in);
        float[] map = new float[16];
        map[0] = 3;
        map[15] = 1;
        assertEquals(0.75, m.share(map, 4, 4), 1e-9);
        assertTrue(Double.isNaN(m.share(new float[16], 4, 4)));
        assertEquals(0.5, m.area(), 1e-9);
    }
}
