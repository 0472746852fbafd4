package io.lunglens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.lunglens.scan.ScanFixtures;
import io.lunglens.training.DataFolders;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class ScanCommandTest {

    @TempDir
    static Path shared;
    static Path model;

    @TempDir
    Path tmp;

    @BeforeAll
    static void model() throws Exception {
        model = ScanFixtures.tinyModel(shared.resolve("tiny"), List.of("clear", "lesion"), "lesion");
    }

    @Test
    void labelledFolderEndsWithTheSameMetricsAsEvaluate() throws Exception {
        Path data = tmp.resolve("data");
        DataFolders.writeBlobs(data, 12, 11);
        // Masks beside the images are not X-rays: the scan leaves them out, as the data set does.
        DataFolders.writeImages(data.resolve("lesion/masks"), 2, 9);
        Path csv = tmp.resolve("scan.csv");
        // Blobs are not chest films: both score them past the input gate, and must agree.
        String[] s = InfoCommandTest.run("scan", data.toString(), "--model", model.toString(), "--out", csv.toString(),
                "--ungated");
        assertEquals("0", s[0], s[1] + s[2]);
        String[] e = InfoCommandTest.run("evaluate", data.toString(), "--model", model.toString(), "--positive", "lesion",
                "--ungated");
        assertEquals("0", e[0], e[1] + e[2]);
        String scanTable = table(s[1]);
        String evalTable = table(e[1]);
        assertTrue(scanTable.contains("| images | 24 |"), scanTable);
        assertEquals(evalTable, scanTable);
        List<String> lines = Files.readAllLines(csv);
        assertEquals(25, lines.size());
        assertEquals("path,label,p_positive_calibrated,p_positive_raw,ms,width,height,format,error,frontal_cxr,"
                + "in_training_domain,true_label", lines.get(0));
        assertTrue(lines.stream().skip(1).allMatch(l -> l.endsWith(",false,true,clear") || l.endsWith(",false,true,lesion")), lines.toString());
        assertTrue(s[1].contains("Research use only — not a medical device"), s[1]);
    }

    @Test
    void dicomIdentifiersStayOutOfCsvAndLogsUnlessAskedFor() throws Exception {
        Path dir = tmp.resolve("dicom");
        Files.createDirectories(dir);
        Files.copy(ScanFixtures.DICOM_WITH_IDS, dir.resolve("patient.dcm"));
        Files.copy(Path.of("src/test/resources/dicom/refused-jpeg12-lossy.dcm"), dir.resolve("refused.dcm"));
        Path csv = tmp.resolve("private.csv");
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level level = root.getLevel();
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        String[] r;
        try {
            root.setLevel(Level.DEBUG);
            System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(console, true, StandardCharsets.UTF_8));
            r = InfoCommandTest.run("scan", dir.toString(), "--model", model.toString(), "--out", csv.toString());
        } finally {
            System.setOut(out);
            System.setErr(err);
            root.setLevel(level);
        }
        assertEquals("0", r[0], r[1] + r[2]);
        String everything = Files.readString(csv) + r[1] + r[2] + console.toString(StandardCharsets.UTF_8);
        assertTrue(everything.contains("refused.dcm"), "the refused file is reported: " + everything);
        for (String id : List.of("DOE", "JANE", "ID12345")) {
            assertFalse(everything.contains(id), id + " leaked: " + everything);
        }

        Path withIds = tmp.resolve("ids.csv");
        r = InfoCommandTest.run("scan", dir.toString(), "--model", model.toString(), "--out", withIds.toString(),
                "--include-dicom-ids");
        assertEquals("0", r[0], r[1] + r[2]);
        List<String> lines = Files.readAllLines(withIds);
        assertTrue(lines.get(0).endsWith(",error,frontal_cxr,in_training_domain,patient_name,patient_id"), lines.get(0));
        assertTrue(lines.stream().anyMatch(l -> l.contains("patient.dcm") && l.endsWith(",DOE^JANE,ID12345")),
                lines.toString());
    }

    @Test
    void badArgumentsGetOneLineReasons() {
        String[] r = InfoCommandTest.run("scan", tmp.resolve("nowhere").toString(), "--model", model.toString(),
                "--out", tmp.resolve("x.csv").toString());
        assertEquals("2", r[0]);
        assertEquals("lunglens scan: " + tmp.resolve("nowhere") + ": not a folder", r[2].strip());
        r = InfoCommandTest.run("scan", tmp.toString(), "--model", model.toString(), "--batch", "0");
        assertEquals("2", r[0]);
        assertTrue(r[2].strip().matches("lunglens scan: batch size must be 1\\.\\.256, was 0"), r[2]);
    }

    /** The metrics table: the lines from "| metric |" while they start with "|". */
    static String table(String out) {
        StringBuilder t = new StringBuilder();
        for (String line : out.substring(out.indexOf("| metric |")).split("\n")) {
            if (!line.startsWith("|")) {
                break;
            }
            t.append(line).append('\n');
        }
        return t.toString();
    }
}
