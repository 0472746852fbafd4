package io.lunglens.imaging;

import java.util.Objects;

/**
 * A grayscale radiograph at its real bit depth. Pixels are stored values (0 .. 2^bitsStored - 1 for
 * unsigned data; signed DICOM data keeps its sign), row-major. Modality values apply the rescale.
 */
public final class XrayImage {

    private final int width;
    private final int height;
    private final int bitsStored;
    private final int[] pixels;
    private final Photometric photometric;
    private final ImageInfo info;

    public XrayImage(int width, int height, int bitsStored, int[] pixels, Photometric photometric, ImageInfo info) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("bad size " + width + "x" + height);
        }
        if (bitsStored < 1 || bitsStored > 16) {
            throw new IllegalArgumentException("bits stored must be 1..16, was " + bitsStored);
        }
        if (pixels.length != (long) width * height) {
            throw new IllegalArgumentException("expected " + (long) width * height + " pixels, got " + pixels.length);
        }
        this.width = width;
        this.height = height;
        this.bitsStored = bitsStored;
        this.pixels = pixels;
        this.photometric = Objects.requireNonNull(photometric);
        this.info = Objects.requireNonNull(info);
    }

    public int width() { return width; }

    public int height() { return height; }

    public int bitsStored() { return bitsStored; }

    public Photometric photometric() { return photometric; }

    public ImageInfo info() { return info; }

    /** The stored value at (x, y). */
    public int get(int x, int y) {
        return pixels[y * width + x];
    }

    /** The stored value after the rescale, in modality units. */
    public double modality(int x, int y) {
        return get(x, y) * info.rescaleSlope() + info.rescaleIntercept();
    }

    /** The backing array, not a copy: callers must not change it. */
    public int[] pixels() {
        return pixels;
    }

    /** Smallest and largest stored value. */
    public int[] range() {
        int lo = Integer.MAX_VALUE;
        int hi = Integer.MIN_VALUE;
        for (int p : pixels) {
            if (p < lo) lo = p;
            if (p > hi) hi = p;
        }
        return new int[] {lo, hi};
    }

    @Override
    public String toString() {
        return info.format() + " " + width + "x" + height + " " + bitsStored + "-bit " + photometric;
    }
}
