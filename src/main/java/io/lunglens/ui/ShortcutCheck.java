package io.lunglens.ui;

import io.lunglens.imaging.LungFields;
import io.lunglens.imaging.LungMask;
import io.lunglens.imaging.XrayImage;
import io.lunglens.training.Evaluation;
import java.util.Locale;

/** The evaluation's shortcut check for one image, worded for the verdict panel. */
public final class ShortcutCheck {

    /** Below this share of the image, the segmentation found no usable lungs and the check is skipped. */
    static final double MIN_LUNG_AREA = 0.05;

    private ShortcutCheck() {
    }

    /**
     * A warning when most of the Grad-CAM mass lies outside the segmented lung fields, or when the map is empty,
     * else "". No warning when the lungs cannot be found.
     */
    public static String warning(XrayImage image, float[] cam, int camWidth, int camHeight) {
        LungMask lungs = LungFields.segment(image);
        if (lungs.area() < MIN_LUNG_AREA) {
            return "";
        }
        double inside = lungs.share(cam, camWidth, camHeight);
        if (Double.isNaN(inside)) {
            // An all-zero map: the gradient vanished (typically a saturated, near-certain verdict).
            return "Grad-CAM map is empty for this class, so where the model looked cannot be shown; "
                    + "a near-certain verdict with no visible evidence deserves extra doubt.";
        }
        if (inside >= Evaluation.SHORTCUT_THRESHOLD) {
            return "";
        }
        return String.format(Locale.ROOT, "Possible shortcut: only %.0f%% of the Grad-CAM evidence lies inside the "
                + "lung fields; the model may be reacting to something other than the lungs.", inside * 100);
    }
}
