package io.lunglens.imaging;

/**
 * A display window in modality units (DICOM PS3.3 C.11.2.1.2, linear function).
 *
 * @param center window center
 * @param width  window width, at least 1
 */
public record WindowLevel(double center, double width) {

    public WindowLevel {
        if (!(width >= 1)) {
            throw new IllegalArgumentException("window width must be >= 1, was " + width);
        }
    }

    /** The file's own window when it has one; else the whole range for 8-bit data, the used range above that. */
    public static WindowLevel defaultFor(XrayImage img) {
        ImageInfo info = img.info();
        if (info.hasWindow()) {
            return new WindowLevel(info.windowCenter(), info.windowWidth());
        }
        if (img.bitsStored() <= 8 && info.rescaleSlope() == 1.0 && info.rescaleIntercept() == 0.0) {
            return new WindowLevel(128, 256);
        }
        int[] r = img.range();
        double lo = r[0] * info.rescaleSlope() + info.rescaleIntercept();
        double hi = r[1] * info.rescaleSlope() + info.rescaleIntercept();
        if (hi < lo) {
            double t = lo;
            lo = hi;
            hi = t;
        }
        return new WindowLevel((lo + hi + 1) / 2, Math.max(1, hi - lo + 1));
    }

    /** Display value 0..255 for one modality value. */
    public int display(double value) {
        double lo = center - 0.5 - (width - 1) / 2;
        double hi = center - 0.5 + (width - 1) / 2;
        if (value <= lo) {
            return 0;
        }
        if (value > hi) {
            return 255;
        }
        return (int) Math.round(((value - (center - 0.5)) / Math.max(1, width - 1) + 0.5) * 255);
    }

    /** A window moved by a drag: dx widens, dy raises the level, both in modality units. */
    public WindowLevel adjust(double dCenter, double dWidth) {
        return new WindowLevel(center + dCenter, Math.max(1, width + dWidth));
    }
}
