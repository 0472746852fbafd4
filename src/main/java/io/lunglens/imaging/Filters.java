package io.lunglens.imaging;

/** Small image filters shared by the lung-field segmentation and the evidence-map upsampling. */
public final class Filters {

    private Filters() {
    }

    /** Mean over a (2r+1)² box, separably; the box is cut at the borders, so edges are not darkened. */
    public static float[] boxBlur(float[] a, int w, int h, int r) {
        float[] tmp = new float[a.length];
        float[] out = new float[a.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float s = 0;
                int n = 0;
                for (int d = Math.max(0, x - r); d <= Math.min(w - 1, x + r); d++, n++) {
                    s += a[y * w + d];
                }
                tmp[y * w + x] = s / n;
            }
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float s = 0;
                int n = 0;
                for (int d = Math.max(0, y - r); d <= Math.min(h - 1, y + r); d++, n++) {
                    s += tmp[d * w + x];
                }
                out[y * w + x] = s / n;
            }
        }
        return out;
    }

    /**
     * Bilinear upsampling of a 7×7 map draws diamonds around each cell. Going through an 8× grid smoothed with two
     * box passes (close to a Gaussian of one cell) gives round blobs at the same places, for a few thousand operations.
     */
    public static float[] smoothUpsample(float[] small, int fw, int fh, int w, int h) {
        int k = 8;
        int gw = fw * k;
        int gh = fh * k;
        float[] grid = ModelInput.resample(small, fw, fh, gw, gh);
        for (int pass = 0; pass < 2; pass++) {
            grid = boxBlur(grid, gw, gh, k / 2);
        }
        return ModelInput.resample(grid, gw, gh, w, h);
    }
}
