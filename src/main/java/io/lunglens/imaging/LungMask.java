package io.lunglens.imaging;

/**
 * Where the lung fields are, at some working size (not necessarily the image's).
 *
 * @param inside row-major, true inside a lung field
 */
public record LungMask(int width, int height, boolean[] inside) {

    public LungMask {
        if (inside.length != width * height) {
            throw new IllegalArgumentException("mask has " + inside.length + " values, expected " + width + "x" + height);
        }
    }

    /** A mask image as data sets ship them: nonzero inside the lungs. */
    public static LungMask of(XrayImage maskImage) {
        int[] px = maskImage.pixels();
        boolean[] in = new boolean[px.length];
        for (int i = 0; i < px.length; i++) {
            in[i] = px[i] != 0;
        }
        return new LungMask(maskImage.width(), maskImage.height(), in);
    }

    /** Fraction of the mask that is lung. */
    public double area() {
        int n = 0;
        for (boolean b : inside) {
            if (b) n++;
        }
        return (double) n / inside.length;
    }

    /** Intersection over union with another mask of the same size. */
    public double iou(LungMask other) {
        if (other.width != width || other.height != height) {
            throw new IllegalArgumentException("masks differ in size");
        }
        int inter = 0;
        int union = 0;
        for (int i = 0; i < inside.length; i++) {
            if (inside[i] && other.inside[i]) inter++;
            if (inside[i] || other.inside[i]) union++;
        }
        return union == 0 ? 1 : (double) inter / union;
    }

    /** This mask at another size, nearest neighbour. */
    public LungMask resize(int w, int h) {
        if (w == width && h == height) {
            return this;
        }
        boolean[] out = new boolean[w * h];
        for (int y = 0; y < h; y++) {
            int sy = Math.min(height - 1, (int) ((y + 0.5) * height / h));
            for (int x = 0; x < w; x++) {
                int sx = Math.min(width - 1, (int) ((x + 0.5) * width / w));
                out[y * w + x] = inside[sy * width + sx];
            }
        }
        return new LungMask(w, h, out);
    }

    /**
     * Share of a map's total that falls inside the lungs: the shortcut check's measure.
     *
     * @param map non-negative values, row-major at mapWidth×mapHeight (any size; it is resampled to the mask)
     * @return in [0,1], or NaN for an all-zero map
     */
    public double share(float[] map, int mapWidth, int mapHeight) {
        float[] m = mapWidth == width && mapHeight == height ? map
                : ModelInput.resample(map, mapWidth, mapHeight, width, height);
        double in = 0;
        double total = 0;
        for (int i = 0; i < m.length; i++) {
            total += m[i];
            if (inside[i]) {
                in += m[i];
            }
        }
        return total <= 0 ? Double.NaN : in / total;
    }
}
