package io.lunglens.training;

import io.lunglens.imaging.ModelInput;
import io.lunglens.imaging.XrayImage;

/** How much of a Grad-CAM map falls inside the lung fields: the shortcut check's measure. */
public final class LungMass {

    private LungMass() {
    }

    /**
     * @param cam  map in [0,1] at the mask's size or any size (it is resampled to the mask)
     * @param mask lung mask, nonzero inside the lungs
     * @return share of the map's total inside the mask, in [0,1]; NaN for an all-zero map
     */
    public static double inside(float[] cam, XrayImage mask) {
        int w = mask.width();
        int h = mask.height();
        float[] m = cam;
        if (cam.length != w * h) {
            int side = (int) Math.round(Math.sqrt(cam.length));
            if (side * side != cam.length) {
                throw new IllegalArgumentException("map of " + cam.length + " values does not fit a " + w + "x" + h + " mask");
            }
            m = ModelInput.resample(cam, side, side, w, h);
        }
        double in = 0;
        double total = 0;
        int[] px = mask.pixels();
        for (int i = 0; i < m.length; i++) {
            total += m[i];
            if (px[i] != 0) {
                in += m[i];
            }
        }
        return total <= 0 ? Double.NaN : in / total;
    }
}
