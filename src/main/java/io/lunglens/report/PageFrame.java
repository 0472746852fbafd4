package io.lunglens.report;

import io.lunglens.model.ModelCard;
import io.lunglens.report.draw.Canvas;
import io.lunglens.report.draw.Texts;
import io.lunglens.task.AppVersion;
import java.awt.Color;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** What every report page carries: the title, the notice (and the phantom warning), and the footer. */
final class PageFrame {

    static final float MARGIN = 42;
    static final float CONTENT_WIDTH = Canvas.WIDTH - 2 * MARGIN;
    private static final Color BANNER = new Color(0xFD, 0xEC, 0xEA);
    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private PageFrame() {
    }

    /** Draws the header and the notice; returns where the page's content starts. */
    static float header(Canvas c, String title, ModelCard card, Instant created) {
        c.text(title, MARGIN, MARGIN + 14, Canvas.Weight.BOLD, 16, Flow.INK);
        String when = WHEN.format(created);
        c.text(when, Canvas.WIDTH - MARGIN - c.textWidth(when, Canvas.Weight.REGULAR, 9), MARGIN + 14,
                Canvas.Weight.REGULAR, 9, Flow.MUTED);
        String notice = ModelCard.INTENDED_USE + "." + (card.synthetic()
                ? " This model was trained on synthetic phantoms: its verdicts mean nothing for patients." : "");
        float top = MARGIN + 24;
        float height = Texts.wrap(c, notice, Canvas.Weight.BOLD, 10, CONTENT_WIDTH - 16).size() * 13 + 10;
        c.fill(MARGIN, top, CONTENT_WIDTH, height, BANNER);
        c.frame(MARGIN, top, CONTENT_WIDTH, height, Flow.ALERT, 0.8f);
        new Flow(c, MARGIN + 8, top + 1, CONTENT_WIDTH - 16).paragraph(notice, Canvas.Weight.BOLD, 10, Flow.ALERT);
        return top + height + 8;
    }

    static void footer(Canvas c, Instant created, int page, int pages) {
        float y = Canvas.HEIGHT - MARGIN + 12;
        c.fill(MARGIN, y - 11, CONTENT_WIDTH, 0.5f, Flow.MUTED);
        String left = AppVersion.TITLE + " · made " + WHEN.format(created) + " · " + ModelCard.INTENDED_USE;
        c.text(left, MARGIN, y, Canvas.Weight.REGULAR, 7.5f, Flow.MUTED);
        String right = "page " + page + " of " + pages;
        c.text(right, Canvas.WIDTH - MARGIN - c.textWidth(right, Canvas.Weight.REGULAR, 7.5f), y,
                Canvas.Weight.REGULAR, 7.5f, Flow.MUTED);
    }
}
