package io.lunglens.report.draw;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/** Shrinking images for a page. */
public final class Images {

    private Images() {
    }

    /** The image scaled down so its longer side is at most maxSide, halving first so no detail aliases. */
    public static BufferedImage fit(BufferedImage img, int maxSide) {
        BufferedImage cur = img;
        while (Math.max(cur.getWidth(), cur.getHeight()) > maxSide) {
            double f = Math.max(0.5, (double) maxSide / Math.max(cur.getWidth(), cur.getHeight()));
            cur = scaled(cur, Math.max(1, (int) Math.round(cur.getWidth() * f)),
                    Math.max(1, (int) Math.round(cur.getHeight() * f)));
        }
        return cur;
    }

    private static BufferedImage scaled(BufferedImage img, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, img.getType() == BufferedImage.TYPE_BYTE_GRAY
                ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(img, 0, 0, w, h, null);
        g.dispose();
        return out;
    }
}
