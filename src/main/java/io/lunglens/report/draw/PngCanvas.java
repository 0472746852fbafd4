package io.lunglens.report.draw;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.knowm.xchart.internal.chartpart.Chart;

/** One page as pixels, at a given number of pixels per point, drawn with the same fonts as the PDF. */
public final class PngCanvas implements Canvas {

    private final BufferedImage pixels;
    private final Graphics2D g;

    public PngCanvas(float scale) {
        pixels = new BufferedImage(Math.round(WIDTH * scale), Math.round(HEIGHT * scale), BufferedImage.TYPE_INT_RGB);
        g = pixels.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.scale(scale, scale);
        g.setColor(Color.WHITE);
        g.fill(new Rectangle2D.Float(0, 0, WIDTH, HEIGHT));
    }

    public byte[] toPng() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(pixels, "png", out);
        return out.toByteArray();
    }

    @Override
    public void text(String s, float x, float y, Weight weight, float size, Color colour) {
        g.setFont(ReportFonts.awt(weight, size));
        g.setColor(colour);
        g.drawString(Texts.printable(s), x, y);
    }

    @Override
    public float textWidth(String s, Weight weight, float size) {
        return (float) ReportFonts.awt(weight, size).getStringBounds(Texts.printable(s), g.getFontRenderContext())
                .getWidth();
    }

    @Override
    public void image(BufferedImage image, float x, float y, float w, float h) {
        AffineTransform at = new AffineTransform(w / image.getWidth(), 0, 0, h / image.getHeight(), x, y);
        g.drawImage(image, at, null);
    }

    @Override
    public void fill(float x, float y, float w, float h, Color colour) {
        g.setColor(colour);
        g.fill(new Rectangle2D.Float(x, y, w, h));
    }

    @Override
    public void frame(float x, float y, float w, float h, Color colour, float lineWidth) {
        g.setColor(colour);
        g.setStroke(new BasicStroke(lineWidth));
        g.draw(new Rectangle2D.Float(x, y, w, h));
    }

    @Override
    public void chart(Chart<?, ?> chart, float x, float y, float w, float h) {
        Graphics2D c = (Graphics2D) g.create();
        c.translate(x, y);
        c.scale(w / chart.getWidth(), h / chart.getHeight());
        chart.paint(c, chart.getWidth(), chart.getHeight());
        c.dispose();
    }
}
