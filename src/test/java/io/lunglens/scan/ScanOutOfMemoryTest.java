package io.lunglens.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunglens.model.ModelCard;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file whose decode needs more memory than the JVM has: `lunglens scan` in a child process with a small heap, over
 * an 8192x8192 DICOM (within the reader's limits, decoded in full: about 320 MB), an 8192x8192 PNG (200 KB on disk,
 * which the scan reads at every 42nd pixel, so it fits) and a real sample.
 */
class ScanOutOfMemoryTest {

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES) // guards against a hung child; not a speed assertion
    void aFileTooLargeForTheHeapBecomesItsRowAndTheScanGoesOn() throws Exception {
        Path model = ScanFixtures.tinyModel(tmp.resolve("model"), ModelCard.DEFAULT_CLASSES,
                ModelCard.DEFAULT_POSITIVE);
        Path dir = Files.createDirectories(tmp.resolve("scan"));
        ImageIO.write(new BufferedImage(8192, 8192, BufferedImage.TYPE_BYTE_GRAY), "png",
                dir.resolve("a-huge.png").toFile());
        blankDicom(dir.resolve("a-huge.dcm"), 8192);
        Files.copy(ScanFixtures.SAMPLES.resolve("normal/nih_00001280_004.png"), dir.resolve("b-sample.png"));
        Path csv = tmp.resolve("out.csv");

        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx160m", "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1",
                "-Dai.djl.pytorch.num_interop_threads=1", "-Djava.awt.headless=true",
                "-cp", System.getProperty("java.class.path"), "io.lunglens.cli.Main",
                "scan", dir.toString(), "--model", model.toString(), "--out", csv.toString(), "--decoders", "1"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), output);
        assertFalse(output.contains("\tat "), output);

        List<String> rows = Files.readAllLines(csv);
        assertEquals(4, rows.size(), String.join("\n", rows));
        String huge = rows.stream().filter(r -> r.contains("a-huge.dcm")).findFirst().orElseThrow();
        assertTrue(huge.contains("not enough memory to decode this DICOM image"), huge);
        String reduced = rows.stream().filter(r -> r.contains("a-huge.png")).findFirst().orElseThrow();
        assertTrue(reduced.contains(",8192,8192,PNG,"), reduced);
        String sample = rows.stream().filter(r -> r.contains("b-sample.png")).findFirst().orElseThrow();
        assertTrue(sample.contains("Normal") || sample.contains("COVID-19"), sample);
    }

    /** A native 8-bit explicit little endian DICOM of side² black pixels; the pixel data is a sparse hole. */
    private static void blankDicom(Path file, int side) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(512).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[128]).put("DICM".getBytes(StandardCharsets.US_ASCII));
        element(b, 0x0002, 0x0010, "UI", "1.2.840.10008.1.2.1\0".getBytes(StandardCharsets.US_ASCII));
        element(b, 0x0028, 0x0002, "US", shortOf(1));
        element(b, 0x0028, 0x0004, "CS", "MONOCHROME2 ".getBytes(StandardCharsets.US_ASCII));
        element(b, 0x0028, 0x0010, "US", shortOf(side));
        element(b, 0x0028, 0x0011, "US", shortOf(side));
        element(b, 0x0028, 0x0100, "US", shortOf(8));
        element(b, 0x0028, 0x0101, "US", shortOf(8));
        element(b, 0x0028, 0x0102, "US", shortOf(7));
        element(b, 0x0028, 0x0103, "US", shortOf(0));
        b.putShort((short) 0x7FE0).putShort((short) 0x0010).put("OB".getBytes(StandardCharsets.US_ASCII))
                .putShort((short) 0).putInt(side * side);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.write(b.array(), 0, b.position());
            f.setLength(b.position() + (long) side * side);
        }
    }

    private static void element(ByteBuffer b, int group, int element, String vr, byte[] value) {
        b.putShort((short) group).putShort((short) element).put(vr.getBytes(StandardCharsets.US_ASCII))
                .putShort((short) value.length).put(value);
    }

    private static byte[] shortOf(int v) {
        return new byte[] {(byte) v, (byte) (v >> 8)};
    }
}
