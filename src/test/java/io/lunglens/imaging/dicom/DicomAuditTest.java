package io.lunglens.imaging.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunglens.training.audit.DataAudit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data audit's DICOM path: the header gives size, bits, photometric and the machine, without decoding pixels. */
final class DicomAuditTest {

    @TempDir
    Path dir;

    @Test
    void summaryReadsTheHeaderAttributes() throws Exception {
        Path f = file(dir.resolve("a.dcm"), 24, 32, "ACME", "ROOM1", 1);
        DicomSummary s = DicomReader.summary(f);
        assertEquals(new DicomSummary(24, 32, 8, 1, "MONOCHROME2", "ACME", "ROOM1"), s);
    }

    @Test
    void classesFromDifferentMachinesAreConfoundedByTheMachine() throws Exception {
        Path a = Files.createDirectories(dir.resolve("COVID"));
        Path b = Files.createDirectories(dir.resolve("Normal"));
        for (int i = 0; i < 12; i++) {
            file(a.resolve("a" + i + ".dcm"), 32, 32, "ACME", "WARD7", i);
            file(b.resolve("b" + i + ".dcm"), 32, 32, "ZETA", "ROOM2", 100 + i);
        }
        DataAudit audit = DataAudit.run(dir, List.of());
        assertTrue(audit.confounded(), audit.lines().toString());
        assertTrue(audit.rule().contains("X-ray machine") && (audit.rule().contains("ACME / WARD7")
                || audit.rule().contains("ZETA / ROOM2")), audit.rule());
        assertEquals("32×32", audit.classes().get("COVID").commonSize());
    }

    private static Path file(Path f, int rows, int cols, String maker, String station, int seed) throws Exception {
        byte[] px = new byte[rows * cols];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i * (seed + 3));
        }
        return new DicomWriter(TransferSyntax.EXPLICIT_LE.uid)
                .text(0x00080070, "LO", maker).text(0x00081010, "SH", station)
                .image(rows, cols, 8, 1, "MONOCHROME2").nativePixels(px, false).write(f);
    }
}
