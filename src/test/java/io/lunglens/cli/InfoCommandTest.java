package io.lunglens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class InfoCommandTest {

    @TempDir
    Path tmp;

    static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine(new Main());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int rc = cl.execute(args);
        return new String[] {Integer.toString(rc), out.toString(), err.toString()};
    }

    @Test
    void readsEverySampleInAFolderAndSkipsNonImages() {
        String[] r = run("info", "assets/samples");
        assertEquals("0", r[0], r[1] + r[2]);
        String[] lines = r[1].strip().split("\n");
        assertEquals(16, lines.length, r[1]); // ten real X-rays and six phantoms; phantoms.csv and ATTRIBUTION.md are skipped
        for (String line : lines) {
            assertTrue(line.matches(".*\\.png  PNG  \\d+x\\d+  8-bit  MONOCHROME2"), line);
        }
    }

    @Test
    void badFileGetsItsReasonAndTheRestStillRun() throws Exception {
        Path bad = tmp.resolve("bad.png");
        Files.writeString(bad, "text");
        String[] r = run("info", bad.toString(), "assets/samples/normal/nih_00001280_004.png");
        assertEquals("1", r[0]);
        String[] lines = r[1].strip().split("\n");
        assertEquals(2, lines.length, r[1]);
        assertTrue(lines[0].startsWith("FAILED " + bad) && lines[0].contains("not a supported image"), lines[0]);
        assertTrue(lines[1].contains("1024x1024  8-bit"), lines[1]);
    }

    @Test
    void notesSayWhatTheReaderChangedToShowTheFile() {
        String[] r = run("info", "src/test/resources/dicom/multiframe-native.dcm",
                "src/test/resources/dicom/rgb-native.dcm");
        assertEquals("0", r[0], r[1] + r[2]);
        String[] lines = r[1].strip().split("\n");
        assertTrue(lines[0].endsWith("note: first of 2 frames shown"), lines[0]);
        assertTrue(lines[1].endsWith("note: colour (RGB) shown as luminance"), lines[1]);
    }
}
