package io.lunglens.imaging.dicom;

import static io.lunglens.imaging.dicom.DicomHelpers.bytes;
import static io.lunglens.imaging.dicom.DicomHelpers.indexOf;
import static io.lunglens.imaging.dicom.DicomHelpers.refused;
import static io.lunglens.imaging.dicom.DicomHelpers.write;
import static io.lunglens.imaging.dicom.DicomReaderTest.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunglens.imaging.ImageLoadException;
import io.lunglens.imaging.XrayImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Broken and lying files, made from valid fixtures: each must end in a one-line ImageLoadException. */
class DicomHostileInputTest {

    @TempDir
    Path tmp;

    private static void assertMentions(Exception e, String text) {
        assertTrue(e.getMessage().contains(text), e.getMessage());
    }

    private static byte[] read(String name) throws Exception {
        return Files.readAllBytes(fixture(name));
    }

    /** Offset of the top-level pixel data element: the last (7fe0,0010) tag (an icon's comes earlier). */
    private static int pixelDataTag(byte[] b) {
        int at = -1;
        for (int i = indexOf(b, bytes(0xE0, 0x7F, 0x10, 0x00), 0); i >= 0; i = indexOf(b, bytes(0xE0, 0x7F, 0x10, 0x00), i + 1)) {
            at = i;
        }
        return at;
    }

    private static void putIntLe(byte[] b, int at, int value) {
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(at, value);
    }

    /** A data set without preamble (implicit VR little endian) that starts with (0008,0005) "ISO_IR 100". */
    private static ByteArrayOutputStream rawDataSetStart() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bytes(0x08, 0x00, 0x05, 0x00, 0x0A, 0x00, 0x00, 0x00));
        out.writeBytes("ISO_IR 100".getBytes(StandardCharsets.US_ASCII));
        return out;
    }

    @Test
    void emptyFile() throws Exception {
        assertMentions(refused(write(tmp, "empty.dcm", new byte[0])), "empty file");
    }

    @Test
    void textFileNamedDcm() throws Exception {
        byte[] text = "This is a README, not a radiograph.\n".repeat(10).getBytes(StandardCharsets.US_ASCII);
        assertMentions(refused(write(tmp, "notes.dcm", text)), "not a DICOM file");
    }

    @Test
    void preambleThenGarbage() throws Exception {
        byte[] b = Arrays.copyOf(read("explicit-le.dcm"), 2000);
        Arrays.fill(b, 132, b.length, (byte) 'x');
        refused(write(tmp, "garbage.dcm", b));
    }

    @ParameterizedTest
    @ValueSource(strings = {"implicit-le", "explicit-le-undef-seq", "explicit-be", "deflate", "rle16",
        "jpeg-lossless16-sv1-fragments", "jpegls", "j2k-lossless"})
    void everyTruncationIsRefused(String name) throws Exception {
        byte[] b = read(name + ".dcm");
        for (int cut = 1; cut < b.length; cut += cut < 400 ? 7 : 61) {
            refused(write(tmp, name + "-cut" + cut + ".dcm", Arrays.copyOf(b, cut)));
        }
        refused(write(tmp, name + "-cut-last.dcm", Arrays.copyOf(b, b.length - 2)));
    }

    @ParameterizedTest
    @ValueSource(ints = {0x7FFFFFF0, 0xFFFFFFF0, 6143, 6146})
    void pixelDataLengthThatLies(int length) throws Exception {
        byte[] b = read("implicit-le.dcm");
        putIntLe(b, pixelDataTag(b) + 4, length);
        refused(write(tmp, "pixel-length-" + Integer.toHexString(length) + ".dcm", b));
    }

    @Test
    void elementLengthPastEndOfFile() throws Exception {
        byte[] b = read("explicit-le.dcm");
        int rows = indexOf(b, bytes(0x28, 0x00, 0x10, 0x00, 'U', 'S', 0x02, 0x00), 132);
        b[rows + 6] = (byte) 0xFE;
        b[rows + 7] = (byte) 0xFF;
        assertMentions(refused(write(tmp, "rows-length.dcm", b)), "remain");
    }

    @Test
    void absurdImageSizeIsRefusedBeforeAllocating() throws Exception {
        byte[] b = read("implicit-le.dcm");
        int rows = indexOf(b, bytes(0x28, 0x00, 0x10, 0x00, 0x02, 0x00, 0x00, 0x00), 132);
        int cols = indexOf(b, bytes(0x28, 0x00, 0x11, 0x00, 0x02, 0x00, 0x00, 0x00), 132);
        b[rows + 8] = b[cols + 8] = (byte) (30000 & 0xFF);
        b[rows + 9] = b[cols + 9] = (byte) (30000 >> 8);
        assertMentions(refused(write(tmp, "huge.dcm", b)), "unsupported image size 30000x30000");
    }

    @Test
    void rowsThatDoNotMatchThePixelData() throws Exception {
        byte[] b = read("explicit-be.dcm");
        int rows = indexOf(b, bytes(0x00, 0x28, 0x00, 0x10, 'U', 'S', 0x00, 0x02), 132);
        b[rows + 9] = 49;
        assertMentions(refused(write(tmp, "rows-49.dcm", b)), "need 6272");
        // More data than the rows need is read like dcmtk and pydicom do, and said in a note.
        b[rows + 9] = 47;
        XrayImage img = DicomReader.read(write(tmp, "rows-47.dcm", b));
        assertEquals(47, img.height());
        assertEquals(List.of("128 bytes after the image in the pixel data ignored"), img.info().notes());
    }

    @Test
    void unknownTransferSyntax() throws Exception {
        byte[] b = read("explicit-le.dcm");
        int ts = indexOf(b, "1.2.840.10008.1.2.1\0".getBytes(StandardCharsets.US_ASCII), 132);
        b[ts + 18] = '9';
        assertMentions(refused(write(tmp, "unknown-ts.dcm", b)), "unsupported transfer syntax 1.2.840.10008.1.2.9");
    }

    @Test
    void deeplyNestedSequencesEndWithoutStackOverflow() throws Exception {
        ByteArrayOutputStream out = rawDataSetStart();
        for (int i = 0; i < 100_000; i++) {
            out.write(bytes(0x08, 0x00, 0x40, 0x11, 0xFF, 0xFF, 0xFF, 0xFF)); // (0008,1140) undefined length
            out.write(bytes(0xFE, 0xFF, 0x00, 0xE0, 0xFF, 0xFF, 0xFF, 0xFF)); // item, undefined length
        }
        assertMentions(refused(write(tmp, "nested.dcm", out.toByteArray())), "nested deeper");
    }

    @Test
    void sequenceWithoutEnd() throws Exception {
        ByteArrayOutputStream out = rawDataSetStart();
        out.write(bytes(0x08, 0x00, 0x40, 0x11, 0xFF, 0xFF, 0xFF, 0xFF));
        for (int i = 0; i < 10_000; i++) {
            out.write(bytes(0xFE, 0xFF, 0x00, 0xE0, 0x00, 0x00, 0x00, 0x00)); // empty items, never a delimiter
        }
        assertMentions(refused(write(tmp, "endless.dcm", out.toByteArray())), "truncated");
    }

    @Test
    void jpegFrameThatClaimsAHugeSize() throws Exception {
        byte[] b = read("jpeg-lossless12.dcm");
        int sof = -1;
        for (int i = indexOf(b, bytes(0xFF, 0xC3), 0); i >= 0; i = indexOf(b, bytes(0xFF, 0xC3), i + 1)) {
            sof = i; // the last SOF3 belongs to the image, earlier ones to its icon
        }
        b[sof + 5] = b[sof + 7] = (byte) (30000 >> 8);
        b[sof + 6] = b[sof + 8] = (byte) (30000 & 0xFF);
        assertMentions(refused(write(tmp, "jpeg-huge.dcm", b)), "30000x30000");
    }

    @Test
    void j2kCodestreamThatClaimsAHugeSize() throws Exception {
        byte[] b = read("j2k-lossless.dcm");
        int siz = indexOf(b, bytes(0xFF, 0x4F, 0xFF, 0x51), pixelDataTag(b)) + 2;
        ByteBuffer.wrap(b).putInt(siz + 6, 30000).putInt(siz + 10, 30000);
        refused(write(tmp, "j2k-huge.dcm", b));
    }

    @Test
    void rleSegmentOffsetPastTheFrame() throws Exception {
        byte[] b = read("rle16.dcm");
        int header = indexOf(b, bytes(0x02, 0x00, 0x00, 0x00, 0x40, 0x00, 0x00, 0x00), pixelDataTag(b));
        putIntLe(b, header + 8, 0x7FFFFFFF);
        assertMentions(refused(write(tmp, "rle-offsets.dcm", b)), "bad offsets");
    }

    @Test
    void rleSegmentThatRunsShort() throws Exception {
        byte[] b = read("rle16.dcm");
        int header = indexOf(b, bytes(0x02, 0x00, 0x00, 0x00, 0x40, 0x00, 0x00, 0x00), pixelDataTag(b));
        putIntLe(b, header + 8, 0x50); // first segment ends after 16 bytes
        refused(write(tmp, "rle-short.dcm", b));
    }

    @ParameterizedTest
    @ValueSource(strings = {"implicit-le", "explicit-be-undef-seq", "deflate", "rle16-fragments",
        "jpeg-lossless16-sv1-fragments", "jpegls", "j2k-lossless"})
    void randomByteDamageGivesAnImageOrAReason(String name) throws Exception {
        byte[] valid = read(name + ".dcm");
        Random random = new Random(name.hashCode());
        Path file = tmp.resolve(name + "-damaged.dcm");
        for (int i = 0; i < 150; i++) {
            byte[] b = valid.clone();
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                // Half of the damage goes to the header, where the lengths and attributes are.
                int at = random.nextBoolean() ? random.nextInt(Math.min(b.length, 900)) : random.nextInt(b.length);
                b[at] = (byte) random.nextInt(256);
            }
            Files.write(file, b);
            try {
                XrayImage img = DicomReader.read(file);
                assertEquals((long) img.width() * img.height(), img.pixels().length);
            } catch (ImageLoadException e) {
                refused(file);
            }
        }
    }

    @Test
    void deflateBombIsCapped() throws Exception {
        byte[] valid = read("deflate.dcm");
        int metaEnd = 144 + ByteBuffer.wrap(valid).order(ByteOrder.LITTLE_ENDIAN).getInt(140);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(valid, 0, metaEnd);
        Deflater deflater = new Deflater(9, true);
        byte[] zeros = new byte[1 << 20];
        byte[] chunk = new byte[1 << 16];
        for (int i = 0; i < 200; i++) { // 200 MiB of zeros, a few hundred KiB deflated
            deflater.setInput(zeros);
            while (!deflater.needsInput()) {
                out.write(chunk, 0, deflater.deflate(chunk));
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            out.write(chunk, 0, deflater.deflate(chunk));
        }
        deflater.end();
        assertMentions(refused(write(tmp, "bomb.dcm", out.toByteArray())), "expands beyond");
    }
}
