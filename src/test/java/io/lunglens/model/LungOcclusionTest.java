package io.lunglens.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunglens.imaging.LungMask;
import io.lunglens.imaging.XrayImage;
import io.lunglens.task.Progress;
import io.lunglens.training.ShortcutCheck;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fast shortcut check's properties on the committed square-finding model, with a box standing in for the lungs.
 * (Its separation of a marker model from a clean one is shown on phantom-trained models in bench/evidence-maps.sh:
 * this noise-trained fixture reads any large blurred region as a change, so it cannot show it.)
 */
class LungOcclusionTest {

    private static final int SIZE = SquareModelFixture.SIZE;
    private static final int SQ = SquareModelFixture.SQ;
    /** The "lungs": a central box, a third of the image. */
    private static final LungMask LUNGS = box(SIZE, 32, 24, 64, 80);
    private static Classifier classifier;

    @BeforeAll
    static void load() {
        classifier = SquareModelFixture.load();
    }

    @AfterAll
    static void close() {
        classifier.close();
    }

    @Test
    void eachPassHidesWhatItSays() {
        float[] plane = {1, 2, 3, 4};
        float[] fill = {-1, -2, -3, -4};
        boolean[] lungs = {true, false, false, true};
        assertArrayEquals(new float[] {1, 2, 3, 4, -1, 2, 3, -4, 1, -2, -3, 4},
                LungOcclusion.hiddenPlanes(plane, fill, lungs));
        // The real planes: the image, lungs blurred away, the rest blurred away.
        XrayImage img = TestImages.withSquare(SIZE, new Random(5), 50, 50, SQ);
        float[] planes = LungOcclusion.planes(img, SIZE, LUNGS);
        int n = SIZE * SIZE;
        float[] original = Arrays.copyOfRange(planes, 0, n);
        float[] blurred = Occlusion.fill(original, SIZE);
        for (int i = 0; i < n; i++) {
            boolean lung = LUNGS.inside()[i];
            assertEquals(lung ? blurred[i] : original[i], planes[n + i], "lungs hidden, pixel " + i);
            assertEquals(lung ? original[i] : blurred[i], planes[2 * n + i], "outside hidden, pixel " + i);
        }
    }

    /** One batch of three gives the margins three single passes give, and the share is made of those margins. */
    @Test
    void oneBatchMatchesThreeSinglePasses() {
        XrayImage img = TestImages.withSquare(SIZE, new Random(6), 60, 40, SQ);
        float[] planes = LungOcclusion.planes(img, SIZE, LUNGS);
        int n = SIZE * SIZE;
        List<Prediction> batch = classifier.predictPlanes(planes, LungOcclusion.PASSES);
        float[] margins = new float[LungOcclusion.PASSES];
        for (int j = 0; j < LungOcclusion.PASSES; j++) {
            Prediction one = classifier.predictPlanes(Arrays.copyOfRange(planes, j * n, (j + 1) * n), 1).get(0);
            assertArrayEquals(one.logits(), batch.get(j).logits(), 1e-4f, "pass " + j);
            margins[j] = Occlusion.margin(one.logits(), 1);
        }
        float lungsFall = Math.max(0, margins[0] - margins[1]);
        float outsideFall = Math.max(0, margins[0] - margins[2]);
        assertTrue(lungsFall + outsideFall > 0, "hiding something lowers the margin");
        Explanation e = LungOcclusion.explain(classifier, img, 1, LUNGS);
        assertEquals(lungsFall / (lungsFall + outsideFall), LUNGS.share(e.cam(), e.width(), e.height()), 1e-3);
        assertArrayEquals(classifier.predict(img).logits(), e.prediction().logits(), 1e-4f);
    }

    @Test
    void mapCoversTheImageInTheUnitRangeAndIsEmptyWithoutLungs() {
        XrayImage img = TestImages.withSquare(150, new Random(4), 60, 60, 20);
        Explanation e = LungOcclusion.explain(classifier, img, -1, LUNGS);
        assertEquals(classifier.predict(img).classIndex(), e.camClass());
        assertEquals(150 * 150, e.cam().length);
        float hi = 0;
        for (float v : e.cam()) {
            assertTrue(v >= 0 && v <= 1, "map value " + v);
            hi = Math.max(hi, v);
        }
        assertEquals(1f, hi, 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> LungOcclusion.explain(classifier, img, 2, LUNGS));
        // A mask with no usable lungs: an empty map, no share and no warning.
        ShortcutCheck none = ShortcutCheck.run(classifier, img, 1, EvidenceMethod.FAST, box(SIZE, 0, 0, 8, 8),
                Progress.none());
        assertFalse(none.lungsFound());
        assertTrue(Double.isNaN(none.shareInLungs()));
        assertEquals("", none.warning());
        for (float v : none.map().cam()) {
            assertEquals(0f, v);
        }
    }

    @Test
    void methodsAreChosenByTheirOptionNames() {
        assertEquals(EvidenceMethod.FAST, EvidenceMethod.ofOption("fast"));
        assertEquals(EvidenceMethod.THOROUGH, EvidenceMethod.ofOption("Thorough"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EvidenceMethod.ofOption("quick"));
        assertTrue(e.getMessage().contains("fast or thorough"), e.getMessage());
        assertEquals(LungOcclusion.PASSES, EvidenceMethod.FAST.passes());
    }

    /** A mask of the given size, true in the box x0..x0+w, y0..y0+h. */
    static LungMask box(int size, int x0, int y0, int w, int h) {
        boolean[] in = new boolean[size * size];
        for (int y = y0; y < y0 + h; y++) {
            for (int x = x0; x < x0 + w; x++) {
                in[y * size + x] = true;
            }
        }
        return new LungMask(size, size, in);
    }
}
