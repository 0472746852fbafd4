package io.lunglens.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import io.lunglens.imaging.XrayImage;
import io.lunglens.task.CancelledException;
import io.lunglens.task.Progress;
import io.lunglens.training.Evaluation;
import io.lunglens.training.EvaluationText;
import io.lunglens.training.Evaluator;
import io.lunglens.training.Sample;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A tiny model that has learnt "is there a bright square in this noise?" (a committed fixture); its Grad-CAM and
 * occlusion maps must point at the square, and the evaluation's shortcut check must follow where the square lies against the lung masks.
 */
class EvidenceMapTest {

    private static final int SIZE = SquareModelFixture.SIZE;
    private static final int SQ = SquareModelFixture.SQ;
    private static Classifier classifier;

    /** A committed model, not a training run: training ends in different places on different CPUs. */
    @BeforeAll
    static void load() {
        classifier = SquareModelFixture.load();
    }

    @AfterAll
    static void close() {
        classifier.close();
    }

    /**
     * Grad-CAM gets the weaker property: through the LSTM head it also gathers on the cells read last (see
     * docs/architecture.md), so for one quadrant it may sit elsewhere; on average it must still favour the square.
     */
    @Test
    void camMassFavoursTheSquaresQuadrant() {
        double[] shares = sharesInSquaresQuadrant(img -> classifier.explain(img, 1));
        double mean = Arrays.stream(shares).average().orElseThrow();
        assertTrue(mean > 0.45, "chance is 0.25; shares " + Arrays.toString(shares));
    }

    @Test
    void occlusionMassLiesInTheSquaresQuadrant() {
        double[] shares = sharesInSquaresQuadrant(img -> Occlusion.explain(classifier, img, 1));
        for (double share : shares) {
            assertTrue(share > 0.6, "most of the map in the square's quadrant: " + Arrays.toString(shares));
        }
    }

    @Test
    void occlusionExplainsThePredictedClassAtImageSize() {
        XrayImage img = TestImages.withSquare(150, new Random(4), 10, 100, 30);
        Explanation e = Occlusion.explain(classifier, img, -1);
        Prediction p = classifier.predict(img);
        assertEquals(p.classIndex(), e.camClass());
        assertEquals(p.logits()[1], e.prediction().logits()[1], 1e-4f);
        assertEquals(150 * 150, e.cam().length);
        float hi = 0;
        for (float v : e.cam()) {
            assertTrue(v >= 0 && v <= 1, "map value " + v);
            hi = Math.max(hi, v);
        }
        assertEquals(1f, hi, 1e-6f, "a square that decides the verdict leaves a non-empty map");
        assertThrows(IllegalArgumentException.class, () -> Occlusion.explain(classifier, img, 2));
    }

    @Test
    void occlusionStopsBetweenBatchesWhenCancelled() {
        XrayImage img = TestImages.withSquare(SIZE, new Random(8), 20, 20, SQ);
        AtomicInteger updates = new AtomicInteger();
        Progress cancelAfterFirstBatch = new Progress() {
            @Override
            public void update(long done, long total, String message) {
                assertEquals(Occlusion.GRID * Occlusion.GRID, total);
                updates.incrementAndGet();
            }

            @Override
            public boolean isCancelled() {
                return updates.get() >= 1;
            }
        };
        assertThrows(CancelledException.class,
                () -> Occlusion.explain(classifier, img, 1, cancelAfterFirstBatch));
        assertEquals(1, updates.get(), "one batch ran, then it stopped");
    }

    /**
     * The same images judged against two sets of lung masks: masks over the squares pass the shortcut check, masks
     * over the opposite corner fail it. Real model, real PNG files, the data-set mask path of the evaluator.
     */
    @Test
    void shortcutCheckFollowsTheEvidenceAgainstTheLungMasks(@TempDir Path dir) throws Exception {
        Random rnd = new Random(21);
        List<Sample> onSquare = new ArrayList<>();
        List<Sample> offSquare = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            // The square in the left half; the "lungs" are the half with the square, or the other half.
            int x0 = 12 + rnd.nextInt(24);
            int y0 = 12 + rnd.nextInt(SIZE - SQ - 24);
            Path img = png(dir.resolve("square-" + i + ".png"), TestImages.withSquare(SIZE, rnd, x0, y0, SQ).pixels());
            Path over = png(dir.resolve("over-" + i + ".png"), box(0, 0, SIZE / 2, SIZE));
            Path away = png(dir.resolve("away-" + i + ".png"), box(SIZE / 2, 0, SIZE / 2, SIZE));
            onSquare.add(new Sample(img, 1, "", over));
            offSquare.add(new Sample(img, 1, "", away));
        }
        List<String> classes = List.of("noise", "square");
        List<String> reports = new ArrayList<>();
        Progress recording = new Progress() {
            @Override
            public void update(long done, long total, String message) {
                reports.add(done + "/" + total);
            }

            @Override
            public boolean isCancelled() {
                return false;
            }
        };
        // The thorough check: the fixture was trained on noise, and only grid cells hide parts small enough for it.
        Evaluation good = Evaluator.evaluate(classifier, onSquare, classes, 1, recording, null, EvidenceMethod.THOROUGH);
        // One report per image: the occlusion maps' own batches do not move the evaluation's progress back.
        assertEquals(List.of("1/6", "2/6", "3/6", "4/6", "5/6", "6/6"), reports);
        Evaluation bad = Evaluator.evaluate(classifier, offSquare, classes, 1, Progress.none(), null,
                EvidenceMethod.THOROUGH);
        double over = good.occlusionMass()[1];
        double away = bad.occlusionMass()[1];
        assertEquals(1.0, over + away, 1e-6, "the two halves share each map");
        assertTrue(over > 0.55, "evidence on the square's side: " + over);
        assertFalse(good.shortcutSuspected());
        assertTrue(bad.shortcutSuspected());
        assertTrue(EvaluationText.shortcutLines(bad).contains("WARNING"), EvaluationText.shortcutLines(bad));
        assertFalse(EvaluationText.shortcutLines(good).contains("WARNING"), EvaluationText.shortcutLines(good));
    }

    private static int[] box(int x0, int y0, int w, int h) {
        int[] px = new int[SIZE * SIZE];
        for (int y = y0; y < y0 + h; y++) {
            for (int x = x0; x < x0 + w; x++) {
                px[y * SIZE + x] = 255;
            }
        }
        return px;
    }

    private static Path png(Path file, int[] px) throws IOException {
        BufferedImage b = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_BYTE_GRAY);
        b.getRaster().setPixels(0, 0, SIZE, SIZE, px);
        ImageIO.write(b, "png", file.toFile());
        return file;
    }

    /**
     * For a square in each quadrant: the model sees it with a clear margin (checked first, so a failure says whether
     * the model or the map is wrong), the map is not empty, and the share of its mass in the square's quadrant.
     * Properties, not a peak position: they hold whatever kernels the CPU runs.
     */
    private static double[] sharesInSquaresQuadrant(Function<XrayImage, Explanation> explain) {
        Random rnd = new Random(99);
        double[] shares = new double[4];
        for (int q = 0; q < 4; q++) {
            int qx = q % 2;
            int qy = q / 2;
            XrayImage img = TestImages.withSquare(SIZE, rnd, qx * 64 + 16, qy * 64 + 16, SQ);
            float[] logits = classifier.predict(img).logits();
            assertTrue(logits[1] - logits[0] > 2, "the fixture model must see the square: logits "
                    + Arrays.toString(logits));
            shares[q] = massInQuadrant(explain.apply(img).cam(), qx, qy);
        }
        return shares;
    }

    private static double massInQuadrant(float[] map, int qx, int qy) {
        double all = 0;
        double in = 0;
        for (int i = 0; i < map.length; i++) {
            all += map[i];
            if ((i % SIZE) / 64 == qx && (i / SIZE) / 64 == qy) {
                in += map[i];
            }
        }
        assertTrue(all > 0, "the map is empty");
        return in / all;
    }

    @Test
    void camHasImageSizeAndUnitRangeForEitherClass() {
        XrayImage img = TestImages.withSquare(150, new Random(4), 10, 100, 30);
        for (int c = 0; c < 2; c++) {
            Explanation e = classifier.explain(img, c);
            assertEquals(c, e.camClass());
            assertEquals(150 * 150, e.cam().length);
            float lo = Float.MAX_VALUE;
            float hi = -Float.MAX_VALUE;
            for (float v : e.cam()) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            assertTrue(lo >= 0 && hi <= 1, lo + ".." + hi);
            // The explanation's verdict is the plain prediction's.
            assertEquals(classifier.predict(img).logits()[0], e.prediction().logits()[0], 1e-4f);
        }
        assertEquals(classifier.predict(img).classIndex(), classifier.explain(img).camClass());
        assertThrows(IllegalArgumentException.class, () -> classifier.explain(img, 2));
    }
}
