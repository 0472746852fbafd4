package io.lunglens.report;

import io.lunglens.gate.GateResult;
import io.lunglens.imaging.WindowOp;
import io.lunglens.imaging.XrayImage;
import io.lunglens.model.CamOverlay;
import io.lunglens.model.Prediction;
import io.lunglens.report.draw.Canvas;
import io.lunglens.report.draw.Images;
import io.lunglens.report.draw.PdfCanvas;
import io.lunglens.report.draw.PngCanvas;
import io.lunglens.task.AtomicFiles;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The one-page report on one image: the film as windowed and beside it the evidence map with its colour scale, the
 * verdict and the input gate, the model's card and the file. Written as PDF or PNG from the same layout.
 */
public final class ImageReport {

    /** Images are stored at most this many pixels on a side: sharp at the printed size, small on disk. */
    private static final int MAX_SIDE = 1000;
    private static final float PANEL = 236;

    private ImageReport() {
    }

    /** Writes the report to target, as PDF or PNG by its extension (".pdf", ".png"), atomically. */
    public static Path write(ImageFinding f, Path target) throws IOException {
        byte[] bytes = switch (ReportFormat.of(target)) {
            case PDF -> pdf(f);
            case PNG -> png(f, 2f);
        };
        AtomicFiles.write(target, bytes);
        return target;
    }

    static byte[] pdf(ImageFinding f) throws IOException {
        try (PdfCanvas pdf = new PdfCanvas("LungLens report: " + f.source().file().getFileName())) {
            draw(pdf.newPage(), f);
            return pdf.toBytes();
        }
    }

    static byte[] png(ImageFinding f, float scale) throws IOException {
        PngCanvas png = new PngCanvas(scale);
        draw(png, f);
        return png.toPng();
    }

    static void draw(Canvas c, ImageFinding f) {
        float y = PageFrame.header(c, "LungLens chest X-ray report", f.card(), f.created());
        Flow flow = new Flow(c, PageFrame.MARGIN, y, PageFrame.CONTENT_WIDTH);
        verdict(flow, f.verdict());
        float top = flow.y() + 10;
        images(c, f, top);
        flow.space(top - flow.y() + PANEL + 26);
        evidence(flow, f.evidence());
        flow.heading("Model");
        CardText.lines(f.card()).forEach(flow::line);
        flow.heading("Image file");
        file(flow, f);
        PageFrame.footer(c, f.created(), 1, 1);
    }

    private static void verdict(Flow flow, ImageFinding.Verdict v) {
        GateResult gate = v.gate();
        if (v.shown()) {
            flow.paragraph("Verdict: " + v.label(), Canvas.Weight.BOLD, 20, gate.passed() ? Flow.INK : Flow.ALERT);
            flow.body(String.format(Locale.ROOT, "Calibrated probability of %s: %.2f", v.positiveClass(),
                    v.positiveProbability()));
            if (Prediction.lowConfidence(v.positiveProbability())) {
                flow.paragraph("Low confidence: the probability is close to 0.5; treat this verdict as undecided.",
                        Canvas.Weight.BOLD, Flow.BODY, Flow.ALERT);
            }
        } else {
            flow.paragraph("No verdict: " + gate.shortReason(), Canvas.Weight.BOLD, 20, Flow.ALERT);
        }
        flow.body("Input gate: " + gateText(gate));
        if (!gate.passed() && v.shown()) {
            flow.paragraph("Unreliable: the input gate refused this image; the verdict is printed only because the"
                    + " user asked for it.", Canvas.Weight.BOLD, Flow.BODY, Flow.ALERT);
        }
    }

    private static String gateText(GateResult g) {
        String frontal = String.format(Locale.ROOT, "frontal chest X-ray check %s (score %.2f)",
                g.frontalChestXray() ? "passed" : "failed", g.frontalScore());
        String domain = Double.isFinite(g.domainScore())
                ? String.format(Locale.ROOT, "; training-data check %s (distance %.2f of the limit)",
                        g.inTrainingDomain() ? "passed" : "failed", g.domainScore())
                : "; the model does not describe its training data, so that check was not made";
        return (g.passed() ? "passed — " : "refused — ") + frontal + domain + ". " + g.reason();
    }

    /** The film as windowed, and beside it the same film under the evidence map, with the map's colour scale. */
    private static void images(Canvas c, ImageFinding f, float top) {
        XrayImage img = f.reading().image();
        float x = PageFrame.MARGIN;
        panel(c, windowed(f.reading()), x, top, String.format(Locale.ROOT, "As windowed (centre %.0f, width %.0f%s)",
                f.reading().window().center(), f.reading().window().width(), f.reading().invert() ? ", inverted" : ""));
        float x2 = x + PANEL + 18;
        BufferedImage overlay = Images.fit(CamOverlay.render(img, f.evidence().map(), f.evidence().width(), f.evidence().height()), MAX_SIDE);
        panel(c, overlay, x2, top, "Evidence: " + f.evidence().kind() + " map");
        colourScale(c, x2 + PANEL + 10, top + 16);
    }

    private static void panel(Canvas c, BufferedImage image, float x, float top, String caption) {
        c.text(caption, x, top + 9, Canvas.Weight.BOLD, 8.5f, Flow.MUTED);
        float boxTop = top + 16;
        c.fill(x, boxTop, PANEL, PANEL, Color.BLACK);
        float scale = Math.min(PANEL / image.getWidth(), PANEL / image.getHeight());
        float w = image.getWidth() * scale;
        float h = image.getHeight() * scale;
        c.image(image, x + (PANEL - w) / 2, boxTop + (PANEL - h) / 2, w, h);
    }

    private static void colourScale(Canvas c, float x, float top) {
        int steps = 64;
        float h = PANEL / steps;
        for (int i = 0; i < steps; i++) {
            float v = 1f - (i + 0.5f) / steps;
            c.fill(x, top + i * h, 12, h + 0.3f, new Color(CamOverlay.colour(v)));
        }
        c.frame(x, top, 12, PANEL, Flow.MUTED, 0.5f);
        c.text("high", x + 15, top + 8, Canvas.Weight.REGULAR, 7.5f, Flow.MUTED);
        c.text("low", x + 15, top + PANEL, Canvas.Weight.REGULAR, 7.5f, Flow.MUTED);
    }

    private static BufferedImage windowed(ImageFinding.Reading r) {
        XrayImage img = r.image();
        byte[] gray = WindowOp.apply(img, r.window(), r.invert());
        BufferedImage out = new BufferedImage(img.width(), img.height(), BufferedImage.TYPE_BYTE_GRAY);
        out.getRaster().setDataElements(0, 0, img.width(), img.height(), gray);
        return Images.fit(out, MAX_SIDE);
    }

    private static void evidence(Flow flow, ImageFinding.Evidence e) {
        if (!e.shortcutWarning().isEmpty()) {
            flow.paragraph(e.shortcutWarning(), Canvas.Weight.BOLD, Flow.BODY, Flow.ALERT);
        } else if (Double.isFinite(e.shareInLungs())) {
            flow.body(String.format(Locale.ROOT, "%.0f%% of the %s evidence lies inside the segmented lung fields.",
                    e.shareInLungs() * 100, e.kind()));
        } else if (e.kind().equals(ImageFinding.Evidence.GRAD_CAM)) {
            flow.body("The share of the evidence inside the lung fields is measured on the occlusion map, which was"
                    + " not computed for this report; Grad-CAM through the LSTM head does not say where in the image"
                    + " the evidence lies.");
        } else {
            flow.body("The lung fields could not be found, so the evidence's place was not measured.");
        }
    }

    private static void file(Flow flow, ImageFinding f) {
        ImageFinding.Source s = f.source();
        XrayImage img = f.reading().image();
        flow.line("File", s.file().getFileName().toString());
        flow.line("Size", String.format(Locale.ROOT, "%,d bytes; %s, %d×%d px, %d bits stored", s.bytes(),
                img.info().format(), img.width(), img.height(), img.bitsStored()));
        flow.line("SHA-256", s.sha256());
        if (s.identifiers().isEmpty()) {
            flow.line("Patient", "identifiers not included");
        } else {
            for (Map.Entry<String, String> e : s.identifiers().entrySet()) {
                flow.line(e.getKey(), e.getValue());
            }
        }
    }
}
