package io.lunglens.report.draw;

import java.awt.Color;
import java.awt.image.BufferedImage;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * One page to draw on, in points from the top-left corner, so a report is laid out once and written as PDF
 * (real, selectable text with embedded fonts) or as PNG (the same page as pixels).
 */
public interface Canvas {

    /** A4 portrait, in points. */
    float WIDTH = 595.28f;
    float HEIGHT = 841.89f;

    enum Weight { REGULAR, BOLD }

    /** Draws one line of text with its baseline at y. */
    void text(String s, float x, float y, Weight weight, float size, Color colour);

    float textWidth(String s, Weight weight, float size);

    void image(BufferedImage image, float x, float y, float w, float h);

    void fill(float x, float y, float w, float h, Color colour);

    void frame(float x, float y, float w, float h, Color colour, float lineWidth);

    /** Draws a chart at its own size scaled into the box: vector graphics in a PDF, pixels in a PNG. */
    void chart(Chart<?, ?> chart, float x, float y, float w, float h);
}
