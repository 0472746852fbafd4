package io.lunglens.imaging;

/**
 * An image decoded for a model rather than for the eye: {@code image} holds every {@code step}-th pixel of each
 * axis, the one at the centre of each step×step block (the upper-left of the central four when step is even), of
 * a file whose full size is fullWidth×fullHeight. The image says its own (reduced) size; the file's size is here.
 *
 * @param step 1 when the file was decoded in full
 */
public record ReducedImage(XrayImage image, int fullWidth, int fullHeight, int step) {

    public ReducedImage {
        if (step < 1) {
            throw new IllegalArgumentException("step must be at least 1, was " + step);
        }
        if (image.width() != sampled(fullWidth, step) || image.height() != sampled(fullHeight, step)) {
            throw new IllegalArgumentException(image.width() + "x" + image.height() + " is not every " + step
                    + "th pixel of " + fullWidth + "x" + fullHeight);
        }
    }

    /** The whole image, decoded in full. */
    public static ReducedImage full(XrayImage image) {
        return new ReducedImage(image, image.width(), image.height(), 1);
    }

    /** Where the kept pixels start on each axis: the centre of the first step-wide block. */
    public static int offset(int step) {
        return (step - 1) / 2;
    }

    /** How many pixels of a side of {@code full} pixels are kept at this step. */
    public static int sampled(int full, int step) {
        return (full - offset(step) + step - 1) / step;
    }

    /** Keeps every step-th pixel of an image decoded in full, on the same grid as a reduced decode. */
    public static ReducedImage of(XrayImage full, int step) {
        if (step == 1) {
            return full(full);
        }
        int w = sampled(full.width(), step);
        int h = sampled(full.height(), step);
        int off = offset(step);
        int[] src = full.pixels();
        int[] px = new int[w * h];
        for (int y = 0; y < h; y++) {
            int row = (off + y * step) * full.width() + off;
            for (int x = 0; x < w; x++) {
                px[y * w + x] = src[row + x * step];
            }
        }
        XrayImage image = new XrayImage(w, h, full.bitsStored(), px, full.photometric(), full.info());
        return new ReducedImage(image, full.width(), full.height(), step);
    }
}
