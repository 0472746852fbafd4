package io.lunglens.report;

import io.lunglens.report.draw.Canvas;
import io.lunglens.report.draw.Texts;
import java.awt.Color;
import java.util.List;

/** Text set down a column, top to bottom: headings, wrapped paragraphs and label–value lines. */
final class Flow {

    static final Color INK = new Color(0x20, 0x20, 0x20);
    static final Color MUTED = new Color(0x60, 0x60, 0x60);
    static final Color ALERT = new Color(0xB0, 0x1C, 0x1C);
    static final float BODY = 9f;

    private final Canvas c;
    private final float x;
    private final float width;
    private float y;

    Flow(Canvas c, float x, float y, float width) {
        this.c = c;
        this.x = x;
        this.y = y;
        this.width = width;
    }

    float y() {
        return y;
    }

    Flow space(float dy) {
        y += dy;
        return this;
    }

    Flow heading(String s) {
        space(6);
        paragraph(s, Canvas.Weight.BOLD, 11, INK);
        c.fill(x, y - 1, width, 0.6f, MUTED);
        return space(4);
    }

    Flow paragraph(String s, Canvas.Weight weight, float size, Color colour) {
        for (String line : Texts.wrap(c, s, weight, size, width)) {
            y += size * 1.3f;
            c.text(line, x, y, weight, size, colour);
        }
        return space(size * 0.3f);
    }

    Flow body(String s) {
        return paragraph(s, Canvas.Weight.REGULAR, BODY, INK);
    }

    /** "Label  value", the value wrapped in its own column. */
    Flow line(String label, String value) {
        float labelWidth = 92;
        List<String> lines = Texts.wrap(c, value, Canvas.Weight.REGULAR, BODY, width - labelWidth);
        y += BODY * 1.35f;
        c.text(label, x, y, Canvas.Weight.BOLD, BODY, MUTED);
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0) {
                y += BODY * 1.35f;
            }
            c.text(lines.get(i), x + labelWidth, y, Canvas.Weight.REGULAR, BODY, INK);
        }
        return this;
    }
}
