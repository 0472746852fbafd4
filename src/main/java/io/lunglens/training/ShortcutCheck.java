package io.lunglens.training;

import io.lunglens.imaging.LungFields;
import io.lunglens.imaging.XrayImage;
import java.util.Locale;

/** The evaluation's shortcut check for one image, worded for the verdict panel. */
public final class ShortcutCheck {

    private ShortcutCheck() {
    }

    /**
     * A warning when most of an occlusion map lies outside the segmented lung fields, or when the map is empty,
     * else "". No warning when the lungs cannot be found. (Grad-CAM is not used: through the LSTM head it does not
     * say where in the image the evidence is.)
     */
    public static String warning(XrayImage image, float[] map, int mapWidth, int mapHeight) {
        double inside = LungFields.shareInside(image, map, mapWidth, mapHeight);
        if (Double.isNaN(inside)) {
            boolean empty = true;
            for (float v : map) {
                empty &= v == 0;
            }
            if (!empty) {
                return ""; // no lungs found: nothing to weigh the map against
            }
            return "Hiding any one part of the image does not weaken this verdict, so where its evidence lies cannot"
                    + " be shown; treat it with extra doubt.";
        }
        if (inside >= Evaluation.SHORTCUT_THRESHOLD) {
            return "";
        }
        return String.format(Locale.ROOT, "Possible shortcut: only %.0f%% of the evidence (occlusion) lies inside the "
                + "lung fields; the model may be reacting to something other than the lungs.", inside * 100);
    }
}
