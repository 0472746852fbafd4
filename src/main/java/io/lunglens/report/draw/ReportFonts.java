package io.lunglens.report.draw;

import java.awt.Font;
import java.awt.FontFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The report's typeface, DejaVu Sans (licence beside the files), shipped with the app so a report looks the same on
 * every machine: embedded in each PDF, and used for PNG pages too.
 */
public final class ReportFonts {

    private static final String REGULAR = "fonts/DejaVuSans.ttf";
    private static final String BOLD = "fonts/DejaVuSans-Bold.ttf";

    private static final Font AWT_REGULAR = awt(REGULAR);
    private static final Font AWT_BOLD = awt(BOLD);

    private ReportFonts() {
    }

    public static InputStream open(Canvas.Weight weight) {
        InputStream in = ReportFonts.class.getResourceAsStream(weight == Canvas.Weight.BOLD ? BOLD : REGULAR);
        if (in == null) {
            throw new IllegalStateException("report font missing from the application: " + weight);
        }
        return in;
    }

    public static Font awt(Canvas.Weight weight, float size) {
        return (weight == Canvas.Weight.BOLD ? AWT_BOLD : AWT_REGULAR).deriveFont(size);
    }

    private static Font awt(String resource) {
        try (InputStream in = open(resource.equals(BOLD) ? Canvas.Weight.BOLD : Canvas.Weight.REGULAR)) {
            return Font.createFont(Font.TRUETYPE_FONT, in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (FontFormatException e) {
            throw new IllegalStateException("report font unreadable: " + resource, e);
        }
    }
}
