package io.lunglens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunglens.model.Architecture;
import io.lunglens.model.ModelBundle;
import io.lunglens.model.ModelCard;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code predict --report}: real PDFs read back with PDFBox, and the PNG form of the same page. */
class ReportCommandTest {

    private static final Path FILM = Path.of("assets/samples/covid/hann_0a7faa2a.png");
    private static final Path DICOM = Path.of("src/test/resources/dicom/implicit-le.dcm");

    @TempDir
    static Path tmp;
    private static Path bundle;

    @BeforeAll
    static void saveTinyBundle() throws Exception {
        bundle = tmp.resolve("tiny-report-model");
        try (ModelBundle b = ModelBundle.fresh(ModelCard.draft("tiny-report-model", Architecture.TINY, 64, true))) {
            ModelBundle.save(bundle, b.network(), b.card());
        }
    }

    @Test
    void onePdfPerImageWithVerdictModelNoticeAndNamesThatDoNotCollide() throws Exception {
        Path twin = Files.createDirectories(tmp.resolve("other")).resolve(FILM.getFileName());
        Files.copy(FILM, twin);
        Path out = tmp.resolve("reports");
        CliRun r = CliRun.of("predict", "--model", bundle.toString(), "--report", out.toString(),
                FILM.toString(), twin.toString());
        assertEquals(0, r.code(), r.err());
        List<String> verdicts = r.out().lines().skip(1).toList();
        assertEquals(2, verdicts.size(), r.out());
        String label = verdicts.get(0).contains("  COVID-19  ") ? "COVID-19" : "Normal";
        for (String name : List.of("hann_0a7faa2a_report.pdf", "hann_0a7faa2a-2_report.pdf")) {
            try (PDDocument pdf = Loader.loadPDF(out.resolve(name).toFile())) {
                assertEquals(1, pdf.getNumberOfPages());
                String text = new PDFTextStripper().getText(pdf);
                assertTrue(text.contains("Verdict: " + label), text);
                assertTrue(text.contains("tiny-report-model version"), text);
                assertTrue(text.contains(ModelCard.INTENDED_USE), text);
                assertTrue(text.contains("synthetic phantoms"), text);
                assertTrue(text.contains("occlusion"), text);
                int fonts = 0;
                PDResources res = pdf.getPage(0).getResources();
                for (COSName n : res.getFontNames()) {
                    PDFont font = res.getFont(n);
                    assertTrue(font.isEmbedded(), font.getName());
                    fonts++;
                }
                assertTrue(fonts >= 2, "regular and bold");
            }
        }
    }

    @Test
    void dicomPatientNameOnlyWhenAskedFor() throws Exception {
        Path plain = tmp.resolve("plain");
        Path withIds = tmp.resolve("with-ids");
        assertEquals(0, CliRun.of("predict", "--model", bundle.toString(), "--show-gated", "--report",
                plain.toString(), DICOM.toString()).code());
        assertEquals(0, CliRun.of("predict", "--model", bundle.toString(), "--show-gated", "--include-dicom-ids",
                "--report", withIds.toString(), DICOM.toString()).code());
        String without = text(plain.resolve("implicit-le_report.pdf"));
        String with = text(withIds.resolve("implicit-le_report.pdf"));
        assertFalse(without.contains("DOE^JANE") || without.contains("ID12345"), without);
        assertTrue(without.contains("identifiers not included"), without);
        assertTrue(with.contains("DOE^JANE") && with.contains("ID12345"), with);
    }

    @Test
    void pngReportIsThePageAsPixels() throws Exception {
        Path out = tmp.resolve("png");
        CliRun r = CliRun.of("predict", "--model", bundle.toString(), "--report", out.toString(),
                "--report-format", "png", FILM.toString());
        assertEquals(0, r.code(), r.err());
        BufferedImage page = ImageIO.read(out.resolve("hann_0a7faa2a_report.png").toFile());
        assertEquals(1191, page.getWidth());
        assertEquals(1684, page.getHeight());
    }

    @Test
    void unknownFormatIsOneLine() {
        CliRun r = CliRun.of("predict", "--model", bundle.toString(), "--report", tmp.resolve("x").toString(),
                "--report-format", "docx", FILM.toString());
        assertEquals(2, r.code());
        assertEquals("lunglens predict: --report-format must be pdf or png, was docx", r.err().strip());
    }

    private static String text(Path pdf) throws Exception {
        try (PDDocument d = Loader.loadPDF(pdf.toFile())) {
            return new PDFTextStripper().getText(d);
        }
    }
}
