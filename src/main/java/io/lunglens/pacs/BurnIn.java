package io.lunglens.pacs;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A picture with lines of text burned in below it, on a black band, so that the text travels with the pixels into
 * any viewer. The picture is scaled to a bounded size first: a result image need not be as large as the film.
 */
public final class BurnIn {

    /** Longest side of the picture part. */
    static final int MAX_SIDE = 1024;

    private BurnIn() {
    }

    public static BufferedImage compose(BufferedImage picture, List<String> lines) {
        double scale = Math.min(1.0, (double) MAX_SIDE / Math.max(picture.getWidth(), picture.getHeight()));
        int w = Math.max(480, (int) Math.round(picture.getWidth() * scale));
        int h = (int) Math.round(picture.getHeight() * scale);
        int fontSize = Math.max(14, w / 40);
        Font font = new Font(Font.SANS_SERIF, Font.BOLD, fontSize);
        int lineHeight = fontSize * 3 / 2;
        int band = lineHeight * lines.size() + fontSize;
        BufferedImage out = new BufferedImage(w, h + band, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.BLACK);
            g.fillRect(0, 0, w, h + band);
            int pw = (int) Math.round(picture.getWidth() * scale);
            g.drawImage(picture, (w - pw) / 2, 0, pw, h, null);
            g.setFont(font);
            g.setColor(Color.WHITE);
            FontMetrics m = g.getFontMetrics();
            int y = h + fontSize / 2 + m.getAscent();
            for (String line : lines) {
                g.drawString(line, fontSize / 2, y);
                y += lineHeight;
            }
        } finally {
            g.dispose();
        }
        return out;
    }
}
