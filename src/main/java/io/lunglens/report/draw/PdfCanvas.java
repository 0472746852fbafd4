package io.lunglens.report.draw;

import de.rototor.pdfbox.graphics2d.PdfBoxGraphics2D;
import de.rototor.pdfbox.graphics2d.PdfBoxGraphics2DFontTextDrawer;
import io.lunglens.task.AppVersion;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.util.Matrix;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * A PDF document drawn page by page: text is text in the embedded report font (selectable, searchable), images are
 * stored losslessly, charts are vector graphics. Not thread-safe; one report at a time.
 */
public final class PdfCanvas implements Canvas, Closeable {

    private final PDDocument doc = new PDDocument();
    private final Map<Weight, PDType0Font> fonts = new EnumMap<>(Weight.class);
    private PDPageContentStream page;

    public PdfCanvas(String title) {
        try {
            for (Weight w : Weight.values()) {
                try (InputStream in = ReportFonts.open(w)) {
                    fonts.put(w, PDType0Font.load(doc, in, true));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PDDocumentInformation info = doc.getDocumentInformation();
        info.setTitle(title);
        info.setCreator(AppVersion.TITLE);
    }

    /** Starts a new page; drawing goes there from now on. */
    public PdfCanvas newPage() throws IOException {
        closePage();
        PDPage p = new PDPage(new PDRectangle(WIDTH, HEIGHT));
        doc.addPage(p);
        page = new PDPageContentStream(doc, p);
        return this;
    }

    public byte[] toBytes() throws IOException {
        closePage();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        doc.save(out);
        return out.toByteArray();
    }

    @Override
    public void text(String s, float x, float y, Weight weight, float size, Color colour) {
        run(() -> {
            page.beginText();
            page.setFont(fonts.get(weight), size);
            page.setNonStrokingColor(colour);
            page.newLineAtOffset(x, HEIGHT - y);
            page.showText(Texts.printable(s));
            page.endText();
        });
    }

    @Override
    public float textWidth(String s, Weight weight, float size) {
        try {
            return fonts.get(weight).getStringWidth(Texts.printable(s)) / 1000f * size;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void image(BufferedImage image, float x, float y, float w, float h) {
        run(() -> page.drawImage(LosslessFactory.createFromImage(doc, image), x, HEIGHT - y - h, w, h));
    }

    @Override
    public void fill(float x, float y, float w, float h, Color colour) {
        run(() -> {
            page.setNonStrokingColor(colour);
            page.addRect(x, HEIGHT - y - h, w, h);
            page.fill();
        });
    }

    @Override
    public void frame(float x, float y, float w, float h, Color colour, float lineWidth) {
        run(() -> {
            page.setStrokingColor(colour);
            page.setLineWidth(lineWidth);
            page.addRect(x, HEIGHT - y - h, w, h);
            page.stroke();
        });
    }

    @Override
    public void chart(Chart<?, ?> chart, float x, float y, float w, float h) {
        run(() -> {
            // Drawn at the chart's own size (its fonts are sized for it), then scaled into the box.
            int cw = chart.getWidth();
            int ch = chart.getHeight();
            PdfBoxGraphics2D g = new PdfBoxGraphics2D(doc, cw, ch);
            PdfBoxGraphics2DFontTextDrawer text = new PdfBoxGraphics2DFontTextDrawer();
            for (Weight weight : Weight.values()) {
                text.registerFont(ReportFonts.awt(weight, 10).getFontName(), fonts.get(weight));
            }
            g.setFontTextDrawer(text);
            chart.paint(g, cw, ch);
            g.dispose();
            page.saveGraphicsState();
            page.transform(Matrix.getTranslateInstance(x, HEIGHT - y - h));
            page.transform(Matrix.getScaleInstance(w / cw, h / ch));
            page.drawForm(g.getXFormObject());
            page.restoreGraphicsState();
        });
    }

    @Override
    public void close() throws IOException {
        closePage();
        doc.close();
    }

    private void closePage() throws IOException {
        if (page != null) {
            page.close();
            page = null;
        }
    }

    private interface PdfOp {
        void run() throws IOException;
    }

    private void run(PdfOp op) {
        if (page == null) {
            throw new IllegalStateException("no page: call newPage() first");
        }
        try {
            op.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
