package io.lunglens.model;

import io.lunglens.imaging.ModelInput;
import io.lunglens.imaging.XrayImage;
import java.awt.image.BufferedImage;

/** The image in gray (by the model's own [0,1] rule) blended with a jet colour map of a Grad-CAM map. */
public final class CamOverlay {

    /** Opacity of the colour where the map is 1; it fades to nothing where the map is 0. */
    private static final float MAX_ALPHA = 0.55f;

    private CamOverlay() {
    }

    public static BufferedImage render(XrayImage image, Explanation e) {
        return render(image, e.cam(), e.width(), e.height());
    }

    /** As above, for a map held as values: mapWidth×mapHeight in [0,1], stretched over the image when smaller. */
    public static BufferedImage render(XrayImage image, float[] map, int mapWidth, int mapHeight) {
        float[] cam = mapWidth == image.width() && mapHeight == image.height() ? map
                : ModelInput.resample(map, mapWidth, mapHeight, image.width(), image.height());
        float[] gray = ModelInput.toUnit(image);
        int w = image.width();
        int h = image.height();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                float v = cam[i];
                float a = MAX_ALPHA * v;
                float g = gray[i];
                int r = channel(g, jet(v, 0.75f), a);
                int gr = channel(g, jet(v, 0.5f), a);
                int b = channel(g, jet(v, 0.25f), a);
                row[x] = (r << 16) | (gr << 8) | b;
            }
            out.setRGB(0, y, w, 1, row, 0, w);
        }
        return out;
    }

    /** The map's colour for a value in [0,1] at full strength (RGB), for drawing its colour scale. */
    public static int colour(float v) {
        int r = Math.round(255f * jet(v, 0.75f));
        int g = Math.round(255f * jet(v, 0.5f));
        int b = Math.round(255f * jet(v, 0.25f));
        return (r << 16) | (g << 8) | b;
    }

    /** One channel of the jet map: a tent around centre, so blue (0) -> cyan -> yellow -> red (1). */
    private static float jet(float v, float centre) {
        return Math.max(0f, Math.min(1f, 1.5f - Math.abs(4f * (v - centre))));
    }

    private static int channel(float gray, float colour, float alpha) {
        return Math.round(255f * (gray * (1 - alpha) + colour * alpha));
    }
}
