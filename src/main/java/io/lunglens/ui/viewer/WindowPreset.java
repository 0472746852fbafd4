package io.lunglens.ui.viewer;

import io.lunglens.imaging.Photometric;
import io.lunglens.imaging.WindowLevel;
import io.lunglens.imaging.XrayImage;
import java.util.List;

/**
 * Named windows. Radiograph values have no fixed scale (unlike CT's Hounsfield units), so the anatomic presets
 * are set as fractions of the image's own value range, counted from dark to bright on screen.
 *
 * @param name          shown in the preset menu
 * @param centerOfRange window center as a fraction of the range (NaN for the non-relative presets)
 * @param widthOfRange  window width as a fraction of the range
 */
public record WindowPreset(String name, double centerOfRange, double widthOfRange) {

    public static final WindowPreset DEFAULT = new WindowPreset("Default", Double.NaN, Double.NaN);
    public static final WindowPreset DICOM = new WindowPreset("DICOM header", Double.NaN, Double.NaN);
    public static final WindowPreset FULL = new WindowPreset("Full range", 0.5, 1.0);
    public static final WindowPreset LUNG = new WindowPreset("Lung", 0.40, 0.70);
    public static final WindowPreset SOFT_TISSUE = new WindowPreset("Soft tissue", 0.62, 0.45);
    public static final WindowPreset BONE = new WindowPreset("Bone", 0.75, 0.40);

    /** The presets for this image, the initial one first: the file's own window when it has one, else Default. */
    public static List<WindowPreset> forImage(XrayImage img) {
        return List.of(img.info().hasWindow() ? DICOM : DEFAULT, FULL, LUNG, SOFT_TISSUE, BONE);
    }

    public WindowLevel window(XrayImage img) {
        if (this == DICOM && img.info().hasWindow()) {
            return new WindowLevel(img.info().windowCenter(), img.info().windowWidth());
        }
        if (Double.isNaN(centerOfRange)) {
            return WindowLevel.defaultFor(img);
        }
        double[] r = modalityRange(img);
        double span = r[1] - r[0] + 1;
        // MONOCHROME1 shows low values bright, so "bright on screen" sits at the low end of its values.
        double c = img.photometric() == Photometric.MONOCHROME1 ? 1 - centerOfRange : centerOfRange;
        return new WindowLevel(r[0] + c * span, Math.max(1, widthOfRange * span));
    }

    /** Smallest and largest modality value of the image. */
    public static double[] modalityRange(XrayImage img) {
        int[] r = img.range();
        double a = r[0] * img.info().rescaleSlope() + img.info().rescaleIntercept();
        double b = r[1] * img.info().rescaleSlope() + img.info().rescaleIntercept();
        return new double[] {Math.min(a, b), Math.max(a, b)};
    }

    @Override
    public String toString() {
        return name;
    }
}
