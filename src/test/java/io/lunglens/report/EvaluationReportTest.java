package io.lunglens.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunglens.model.ModelCard;
import io.lunglens.training.EvaluationFixture;
import java.nio.file.Path;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code evaluate --report} writes report.pdf beside report.md; read back with PDFBox. */
class EvaluationReportTest {

    @TempDir
    static Path tmp;
    static EvaluationFixture fixture;

    @BeforeAll
    static void train() throws Exception {
        fixture = EvaluationFixture.train(tmp);
    }

    @Test
    void reportPdfHasTheMetricsTheConfusionMatrixTheChartsAndTheExamples() throws Exception {
        Path out = tmp.resolve("report");
        String[] r = EvaluationFixture.cli("evaluate", fixture.data().toString(), "--model", fixture.model().toString(),
                "--report", out.toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("wrote " + out.resolve("report.pdf")), r[1]);
        try (PDDocument pdf = Loader.loadPDF(out.resolve("report.pdf").toFile())) {
            assertEquals(3, pdf.getNumberOfPages(), "summary, charts, shortcut examples");
            String text = new PDFTextStripper().getText(pdf);
            assertTrue(text.contains("Evaluation of model@1"), text);
            assertTrue(text.contains(ModelCard.INTENDED_USE), text);
            assertTrue(text.contains("trained on synthetic phantoms"), text);
            for (String s : new String[] {"Accuracy", "Sensitivity (recall)", "ROC AUC", "95% interval",
                "Confusion matrix", "true COVID", "Shortcut check", "Most confident"}) {
                assertTrue(text.contains(s), s + " in\n" + text);
            }
            assertEquals(3, text.split(ModelCard.INTENDED_USE + "\\.", -1).length - 1, "the notice on every page");
        }
    }
}
