package io.lunglens.gate;

import io.lunglens.imaging.ImageInfo;
import io.lunglens.imaging.ModelInput;
import io.lunglens.imaging.Photometric;
import io.lunglens.imaging.XrayImage;
import java.util.Arrays;

/**
 * The image statistics the frontal check scores, from a small thumbnail. A large image is never read in full: each
 * cell of an intermediate grid of at most {@value #MID} pixels a side averages a 4×4 lattice of samples, so a
 * 4000² film costs about 65,000 reads. Pure and stateless, so thread-safe.
 */
public final class FrontalFeatures {

    /** Side of the thumbnail the eigen-chest subspace is fitted on. */
    public static final int SIDE = 32;
    /** Longest side of the intermediate grid that the thumbnail and the texture measures come from. */
    static final int MID = 128;
    /** Shorter side below which no image is taken for a film: the smallest radiograph thumbnails are larger. */
    public static final int MIN_SIDE = 32;
    /** Samples per intermediate cell, per axis. */
    private static final int LATTICE = 4;

    /** Names of the scalar features, in the order {@link Thumb#scalars()} returns them. */
    static final String[] SCALARS = {"log_aspect", "flat_pairs", "mirror_corr", "mean", "std", "dark_fraction",
        "bright_fraction", "edge_32", "edge_ratio", "centre_minus_sides", "top_minus_bottom", "border_dark"};

    private FrontalFeatures() {
    }

    /**
     * One image reduced: the {@value #SIDE}² thumbnail in [0,1] (dense tissue bright, 1st..99th percentile window),
     * the scalar statistics, and whether it had any contrast at all.
     */
    public record Thumb(float[] pixels, double[] scalars, boolean contrast) {
    }

    /** Whether the image is big enough to be judged at all. */
    public static boolean judgeable(XrayImage image) {
        return Math.min(image.width(), image.height()) >= MIN_SIDE;
    }

    /** The thumbnail and statistics of an image of any size (at least 1×1). */
    public static Thumb of(XrayImage image) {
        int w = image.width();
        int h = image.height();
        double scale = Math.max(w, h) > MID ? (double) MID / Math.max(w, h) : 1.0;
        int mw = Math.max(1, (int) Math.round(w * scale));
        int mh = Math.max(1, (int) Math.round(h * scale));
        float[] mid = new float[mw * mh];
        long[] flat = new long[2];
        sample(image, mw, mh, mid, flat);
        boolean contrast = window(mid);
        int[] box = content(mid, mw, mh);
        float[] thumb = ModelInput.resample(crop(mid, mw, box), box[2], box[3], SIDE, SIDE);
        double flatPairs = flat[1] == 0 ? 1 : (double) flat[0] / flat[1];
        return new Thumb(thumb, scalars(thumb, mid, mw, mh, w, h, flatPairs), contrast);
    }

    /** Maps the grid's 1st..99th percentile to 0..1, in place; false when the two are equal (no contrast). */
    private static boolean window(float[] mid) {
        float[] sorted = mid.clone();
        Arrays.sort(sorted);
        float lo = sorted[(int) (0.01 * (sorted.length - 1))];
        float hi = sorted[(int) Math.ceil(0.99 * (sorted.length - 1))];
        boolean contrast = hi > lo;
        float span = contrast ? hi - lo : 1;
        for (int i = 0; i < mid.length; i++) {
            float v = (mid[i] - lo) / span;
            mid[i] = v < 0 ? 0 : (v > 1 ? 1 : v);
        }
        return contrast;
    }

    private static float[] crop(float[] a, int w, int[] box) {
        float[] out = new float[box[2] * box[3]];
        for (int y = 0; y < box[3]; y++) {
            System.arraycopy(a, (box[1] + y) * w + box[0], out, y * box[2], box[2]);
        }
        return out;
    }

    /**
     * The content box {x, y, width, height}: uniform strips at the edges (collimator borders, letterboxing) are cut
     * off, at most a quarter of the side from each edge, so a film with a wide white border still fills the thumbnail.
     */
    static int[] content(float[] a, int w, int h) {
        int x0 = 0;
        int x1 = w;
        int y0 = 0;
        int y1 = h;
        while (x0 < w / 4 && flat(a, w, x0, x0 + 1, y0, y1)) {
            x0++;
        }
        while (w - x1 < w / 4 && flat(a, w, x1 - 1, x1, y0, y1)) {
            x1--;
        }
        while (y0 < h / 4 && flat(a, w, x0, x1, y0, y0 + 1)) {
            y0++;
        }
        while (h - y1 < h / 4 && flat(a, w, x0, x1, y1 - 1, y1)) {
            y1--;
        }
        return new int[] {x0, y0, x1 - x0, y1 - y0};
    }

    /** Whether a strip of the grid is nearly uniform (standard deviation under 4% of the window). */
    private static boolean flat(float[] a, int w, int x0, int x1, int y0, int y1) {
        double s = 0;
        double ss = 0;
        int n = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                double v = a[y * w + x];
                s += v;
                ss += v * v;
                n++;
            }
        }
        double m = s / n;
        return ss / n - m * m < 0.04 * 0.04;
    }

    /** Averages a lattice of modality values per cell, dense bright; counts equal horizontal neighbours on the way. */
    private static void sample(XrayImage image, int mw, int mh, float[] mid, long[] flat) {
        int w = image.width();
        int h = image.height();
        int[] px = image.pixels();
        ImageInfo info = image.info();
        double slope = info.rescaleSlope();
        double icpt = info.rescaleIntercept();
        double sign = image.photometric() == Photometric.MONOCHROME1 ? -1 : 1;
        for (int cy = 0; cy < mh; cy++) {
            int y0 = (int) ((long) cy * h / mh);
            int y1 = Math.max(y0 + 1, (int) ((long) (cy + 1) * h / mh));
            int sy = Math.max(1, (y1 - y0) / LATTICE);
            for (int cx = 0; cx < mw; cx++) {
                int x0 = (int) ((long) cx * w / mw);
                int x1 = Math.max(x0 + 1, (int) ((long) (cx + 1) * w / mw));
                int sx = Math.max(1, (x1 - x0) / LATTICE);
                double acc = 0;
                int n = 0;
                for (int y = y0; y < y1; y += sy) {
                    int row = y * w;
                    for (int x = x0; x < x1; x += sx) {
                        int v = px[row + x];
                        acc += v;
                        n++;
                        if (x + 1 < w) {
                            flat[1]++;
                            if (px[row + x + 1] == v) {
                                flat[0]++;
                            }
                        }
                    }
                }
                mid[cy * mw + cx] = (float) (sign * (acc / n * slope + icpt));
            }
        }
    }

    private static double[] scalars(float[] t, float[] mid, int mw, int mh, int w, int h, double flatPairs) {
        int s = SIDE;
        double mean = 0;
        double dark = 0;
        double bright = 0;
        for (float v : t) {
            mean += v;
            dark += v < 0.1 ? 1 : 0;
            bright += v > 0.9 ? 1 : 0;
        }
        mean /= t.length;
        double var = 0;
        for (float v : t) {
            var += (v - mean) * (v - mean);
        }
        double std = Math.sqrt(var / t.length);
        double mirror = mirrorCorrelation(t, s);
        double edge32 = edge(t, s, s);
        double edgeMid = edge(mid, mw, mh);
        double centre = band(t, s, 12, 20, 0, s) - 0.5 * (band(t, s, 2, 10, 0, s) + band(t, s, 22, 30, 0, s));
        double topBottom = band(t, s, 0, s, 4, 14) - band(t, s, 0, s, 20, 30);
        double border = 0.25 * (band(t, s, 0, 2, 0, s) + band(t, s, s - 2, s, 0, s) + band(t, s, 0, s, 0, 2)
                + band(t, s, 0, s, s - 2, s));
        return new double[] {Math.log((double) w / h), flatPairs, mirror, mean, std, dark / t.length,
            bright / t.length, edge32, edgeMid / (edge32 + 1e-3), centre, topBottom, border};
    }

    /** Pearson correlation of the thumbnail with its left-right mirror image; frontal films are nearly symmetric. */
    static double mirrorCorrelation(float[] t, int s) {
        double mean = 0;
        for (float v : t) {
            mean += v;
        }
        mean /= t.length;
        double num = 0;
        double den = 0;
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                double a = t[y * s + x] - mean;
                double b = t[y * s + (s - 1 - x)] - mean;
                num += a * b;
                den += a * a;
            }
        }
        return den < 1e-12 ? 0 : num / den;
    }

    /** Mean absolute difference of neighbours, both axes. */
    private static double edge(float[] a, int w, int h) {
        double acc = 0;
        int n = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float v = a[y * w + x];
                if (x + 1 < w) {
                    acc += Math.abs(a[y * w + x + 1] - v);
                    n++;
                }
                if (y + 1 < h) {
                    acc += Math.abs(a[(y + 1) * w + x] - v);
                    n++;
                }
            }
        }
        return n == 0 ? 0 : acc / n;
    }

    /** Mean over columns x0..x1 and rows y0..y1 (exclusive ends). */
    private static double band(float[] t, int s, int x0, int x1, int y0, int y1) {
        double acc = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                acc += t[y * s + x];
            }
        }
        return acc / ((x1 - x0) * (y1 - y0));
    }
}
