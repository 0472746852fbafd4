package io.lunglens.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AugmentationTest {

    static float[] image(int size) {
        float[] img = new float[size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                img[y * size + x] = x < size / 3 ? 0.9f : 0.2f;
            }
        }
        return img;
    }

    @Test
    void seededAndBounded() {
        float[] img = image(32);
        float[] a = Augmentation.standard().apply(img, 32, new SplittableRandom(1));
        float[] b = Augmentation.standard().apply(img, 32, new SplittableRandom(1));
        float[] c = Augmentation.standard().apply(img, 32, new SplittableRandom(2));
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c));
        for (float v : a) {
            assertTrue(v >= 0 && v <= 1);
        }
    }

    @Test
    void noneIsTheIdentityAndNoFlipByDefault() {
        float[] img = image(32);
        assertArrayEquals(img, Augmentation.none().apply(img, 32, new SplittableRandom(1)));
        // The bright band stays on the left (the heart has a side).
        float[] a = Augmentation.standard().apply(img, 32, new SplittableRandom(4));
        double left = 0;
        double right = 0;
        for (int y = 0; y < 32; y++) {
            left += a[y * 32 + 2];
            right += a[y * 32 + 29];
        }
        assertTrue(left > right);
        assertEquals(32 * 32, a.length);
    }
}
