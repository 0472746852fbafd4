package io.lunglens.imaging;

/** Window/level and invert: stored pixels to 8-bit display gray. Pure and allocation-light. */
public final class WindowOp {

    private WindowOp() {
    }

    /**
     * Renders an image for display. MONOCHROME1 data is inverted so that dense tissue is bright;
     * {@code invert} flips that again.
     */
    public static byte[] apply(XrayImage img, WindowLevel window, boolean invert) {
        byte[] out = new byte[img.width() * img.height()];
        apply(img, window, invert, out);
        return out;
    }

    /** As {@link #apply(XrayImage, WindowLevel, boolean)}, into a caller's buffer (re-rendering on drag). */
    public static void apply(XrayImage img, WindowLevel window, boolean invert, byte[] out) {
        int[] px = img.pixels();
        if (out.length != px.length) {
            throw new IllegalArgumentException("buffer holds " + out.length + " pixels, image has " + px.length);
        }
        int[] range = img.range();
        int lo = range[0];
        boolean flip = invert ^ (img.photometric() == Photometric.MONOCHROME1);
        double slope = img.info().rescaleSlope();
        double intercept = img.info().rescaleIntercept();
        // A lookup table over the used range makes a re-render one array read per pixel.
        byte[] lut = new byte[range[1] - lo + 1];
        for (int i = 0; i < lut.length; i++) {
            int v = window.display((lo + i) * slope + intercept);
            lut[i] = (byte) (flip ? 255 - v : v);
        }
        for (int i = 0; i < px.length; i++) {
            out[i] = lut[px[i] - lo];
        }
    }
}
