package io.lunglens.training;

import java.util.SplittableRandom;

/**
 * Seeded augmentation of a model input (size×size, values in [0,1]): small rotation, shift and scale, then
 * brightness and contrast. Horizontal flip is off by default because the heart has a side.
 *
 * @param rotationDegrees largest rotation either way
 * @param shift           largest shift as a fraction of the side
 * @param scale           largest relative zoom in or out
 * @param brightness      largest added brightness either way
 * @param contrast        largest relative contrast change
 * @param flip            mirror half of the images
 */
public record Augmentation(double rotationDegrees, double shift, double scale, double brightness, double contrast,
                           boolean flip) {

    public static Augmentation standard() {
        return new Augmentation(7, 0.05, 0.07, 0.08, 0.12, false);
    }

    public static Augmentation none() {
        return new Augmentation(0, 0, 0, 0, 0, false);
    }

    public boolean changesNothing() {
        return rotationDegrees == 0 && shift == 0 && scale == 0 && brightness == 0 && contrast == 0 && !flip;
    }

    /** Returns a new augmented image; the input is not changed. */
    public float[] apply(float[] img, int size, SplittableRandom rnd) {
        if (img.length != size * size) {
            throw new IllegalArgumentException("image has " + img.length + " values, expected " + size * size);
        }
        double angle = Math.toRadians(uniform(rnd, rotationDegrees));
        double zoom = 1 + uniform(rnd, scale);
        double dx = uniform(rnd, shift) * size;
        double dy = uniform(rnd, shift) * size;
        boolean mirror = flip && rnd.nextBoolean();
        double gain = 1 + uniform(rnd, contrast);
        double offset = uniform(rnd, brightness);

        double cos = Math.cos(angle) / zoom;
        double sin = Math.sin(angle) / zoom;
        double c = (size - 1) / 2.0;
        float[] out = new float[img.length];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                // Inverse map: where in the source does this output pixel come from.
                double ox = (mirror ? size - 1 - x : x) - c - dx;
                double oy = y - c - dy;
                double sx = cos * ox + sin * oy + c;
                double sy = -sin * ox + cos * oy + c;
                double v = bilinear(img, size, sx, sy);
                v = (v - 0.5) * gain + 0.5 + offset;
                out[y * size + x] = (float) Math.min(1, Math.max(0, v));
            }
        }
        return out;
    }

    private static double uniform(SplittableRandom rnd, double max) {
        return max == 0 ? 0 : (rnd.nextDouble() * 2 - 1) * max;
    }

    private static double bilinear(float[] img, int size, double x, double y) {
        x = Math.min(size - 1, Math.max(0, x));
        y = Math.min(size - 1, Math.max(0, y));
        int x0 = (int) x;
        int y0 = (int) y;
        int x1 = Math.min(size - 1, x0 + 1);
        int y1 = Math.min(size - 1, y0 + 1);
        double fx = x - x0;
        double fy = y - y0;
        double top = img[y0 * size + x0] * (1 - fx) + img[y0 * size + x1] * fx;
        double bottom = img[y1 * size + x0] * (1 - fx) + img[y1 * size + x1] * fx;
        return top * (1 - fy) + bottom * fy;
    }
}
