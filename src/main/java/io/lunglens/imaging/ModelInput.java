package io.lunglens.imaging;

import java.nio.file.Path;

/**
 * Turns an {@link XrayImage} into the grayscale plane a model sees: values in [0,1], white = dense, resized to
 * size×size. Pure Java so training, inference and the viewer share one rule. The model card records the rule
 * by the names below; changing the behaviour means changing those names too.
 */
public final class ModelInput {

    /** Area averaging when shrinking, bilinear (pixel centres aligned) when enlarging. */
    public static final String RESIZE = "area-or-bilinear";
    /** The file's DICOM window when it has one, else the full stored bit-depth range. */
    public static final String RANGE = "window-else-bit-depth";
    /** MONOCHROME1 images are inverted so that dense tissue is always bright. */
    public static final boolean INVERT_MONOCHROME1 = true;

    private ModelInput() {
    }

    /** The model's input plane: row-major float[size*size] in [0,1]. */
    public static float[] toTensorData(XrayImage image, int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("input size must be positive, was " + size);
        }
        return resample(toUnit(image), image.width(), image.height(), size, size);
    }

    /**
     * The model's input plane for a file, decoded as the batch scan and training decode it: at reduced resolution
     * when the file is much larger than the input ({@link ImageLoader#loadForModel}).
     */
    public static float[] ofFile(Path file, int size) throws ImageLoadException {
        return toTensorData(ImageLoader.loadForModel(file, size).image(), size);
    }

    /** The whole image at its own size, mapped to [0,1] by the same rule as {@link #toTensorData}. */
    public static float[] toUnit(XrayImage image) {
        int[] px = image.pixels();
        float[] out = new float[px.length];
        ImageInfo info = image.info();
        double lo;
        double scale;
        double slope;
        double intercept;
        if (info.hasWindow()) {
            // Linear window on modality values: [c - w/2, c + w/2] -> [0, 1].
            lo = info.windowCenter() - info.windowWidth() / 2;
            scale = 1.0 / info.windowWidth();
            slope = info.rescaleSlope();
            intercept = info.rescaleIntercept();
        } else {
            lo = 0;
            scale = 1.0 / ((1 << image.bitsStored()) - 1);
            slope = 1;
            intercept = 0;
        }
        boolean invert = INVERT_MONOCHROME1 && image.photometric() == Photometric.MONOCHROME1;
        for (int i = 0; i < px.length; i++) {
            double v = ((px[i] * slope + intercept) - lo) * scale;
            v = v < 0 ? 0 : (v > 1 ? 1 : v);
            out[i] = (float) (invert ? 1 - v : v);
        }
        return out;
    }

    /**
     * Resizes a row-major plane, separably: each output sample is the area-weighted mean of the source samples its
     * footprint covers when shrinking, and a bilinear blend of the two nearest when enlarging.
     */
    public static float[] resample(float[] src, int sw, int sh, int dw, int dh) {
        if (src.length != (long) sw * sh) {
            throw new IllegalArgumentException("plane has " + src.length + " values, expected " + sw + "x" + sh);
        }
        if (sw == dw && sh == dh) {
            return src.clone();
        }
        Taps xt = taps(sw, dw);
        Taps yt = taps(sh, dh);
        float[] rows = new float[dw * sh];
        for (int y = 0; y < sh; y++) {
            int base = y * sw;
            for (int x = 0; x < dw; x++) {
                double acc = 0;
                for (int k = xt.start[x]; k < xt.start[x + 1]; k++) {
                    acc += src[base + xt.index[k]] * xt.weight[k];
                }
                rows[y * dw + x] = (float) acc;
            }
        }
        float[] out = new float[dw * dh];
        for (int y = 0; y < dh; y++) {
            for (int k = yt.start[y]; k < yt.start[y + 1]; k++) {
                int r = yt.index[k] * dw;
                float w = (float) yt.weight[k];
                int o = y * dw;
                for (int x = 0; x < dw; x++) {
                    out[o + x] += rows[r + x] * w;
                }
            }
        }
        return out;
    }

    /** Per output index, the source indices and weights it reads (CSR layout). */
    private record Taps(int[] start, int[] index, double[] weight) {
    }

    private static Taps taps(int n, int m) {
        int[] start = new int[m + 1];
        int cap = (int) Math.ceil((double) n / m) + 2;
        int[] index = new int[m * Math.max(cap, 2)];
        double[] weight = new double[index.length];
        int k = 0;
        double scale = (double) n / m;
        for (int o = 0; o < m; o++) {
            start[o] = k;
            if (scale > 1) {
                double a = o * scale;
                double b = a + scale;
                for (int i = (int) Math.floor(a); i < Math.min(n, (int) Math.ceil(b)); i++) {
                    double overlap = Math.min(b, i + 1) - Math.max(a, i);
                    if (overlap > 1e-12) {
                        index[k] = i;
                        weight[k++] = overlap / scale;
                    }
                }
            } else {
                double c = (o + 0.5) * scale - 0.5;
                c = Math.max(0, Math.min(n - 1, c));
                int i0 = (int) Math.floor(c);
                int i1 = Math.min(n - 1, i0 + 1);
                double f = c - i0;
                index[k] = i0;
                weight[k++] = 1 - f;
                if (i1 != i0 && f > 0) {
                    index[k] = i1;
                    weight[k++] = f;
                }
            }
        }
        start[m] = k;
        return new Taps(start, index, weight);
    }
}
