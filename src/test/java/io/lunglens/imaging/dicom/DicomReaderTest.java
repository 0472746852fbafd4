package io.lunglens.imaging.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunglens.imaging.ImageInfo;
import io.lunglens.imaging.ImageLoadException;
import io.lunglens.imaging.Photometric;
import io.lunglens.imaging.XrayImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Decodes the fixtures made by src/test/resources/dicom/make-fixtures.sh and compares with dcmtk's decoding. */
class DicomReaderTest {

    static Path fixture(String name) {
        try {
            return Paths.get(DicomReaderTest.class.getResource("/dicom/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The reference stored values: dcmtk's raw pixel cells, masked to BitsStored and sign-extended. */
    static int[] reference(String name, int pixels, int bitsAllocated, int bitsStored, boolean signed)
            throws IOException {
        byte[] raw = Files.readAllBytes(fixture(name + ".ref"));
        int[] v = new int[pixels];
        for (int i = 0; i < pixels; i++) {
            int word = bitsAllocated == 8 ? raw[i] & 0xFF : (raw[2 * i] & 0xFF) | (raw[2 * i + 1] & 0xFF) << 8;
            int stored = word & ((1 << bitsStored) - 1);
            v[i] = signed && stored >= 1 << (bitsStored - 1) ? stored - (1 << bitsStored) : stored;
        }
        return v;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "explicit-le-undef-seq,          64, 48, 16, 12, false, MONOCHROME2, 1.2.840.10008.1.2.1",
        "explicit-le,                    64, 48, 16, 12, false, MONOCHROME2, 1.2.840.10008.1.2.1",
        "implicit-le,                    64, 48, 16, 12, false, MONOCHROME2, 1.2.840.10008.1.2",
        "raw-dataset-implicit,           64, 48, 16, 12, false, MONOCHROME2, 1.2.840.10008.1.2",
        "explicit-be,                    64, 48, 16, 16, false, MONOCHROME2, 1.2.840.10008.1.2.2",
        "explicit-be-undef-seq,          64, 48, 16, 12, false, MONOCHROME2, 1.2.840.10008.1.2.2",
        "explicit-be-8bit,               61, 47,  8,  8, false, MONOCHROME2, 1.2.840.10008.1.2.2",
        "signed16,                       64, 48, 16, 16, true,  MONOCHROME2, 1.2.840.10008.1.2.1",
        "signed12-implicit,              64, 48, 16, 12, true,  MONOCHROME2, 1.2.840.10008.1.2",
        "monochrome1,                    64, 48, 16, 12, false, MONOCHROME1, 1.2.840.10008.1.2.1",
        "deflate,                        64, 48, 16, 12, false, MONOCHROME2, 1.2.840.10008.1.2.1.99",
        "rle16,                          64, 48, 16, 16, false, MONOCHROME2, 1.2.840.10008.1.2.5",
        "rle16-fragments,                64, 48, 16, 16, false, MONOCHROME2, 1.2.840.10008.1.2.5",
        "rle8,                           61, 47,  8,  8, false, MONOCHROME2, 1.2.840.10008.1.2.5",
        "rle-signed16,                   64, 48, 16, 16, true,  MONOCHROME2, 1.2.840.10008.1.2.5",
        "jpeg-baseline,                  61, 47,  8,  8, false, MONOCHROME2, 1.2.840.10008.1.2.4.50",
        "jpeg-lossless12,                64, 48, 16, 12, false, MONOCHROME2, 1.2.840.10008.1.2.4.57",
        "jpeg-lossless16-sv1-fragments,  64, 48, 16, 16, false, MONOCHROME2, 1.2.840.10008.1.2.4.70",
        "jpegls,                         64, 48, 16, 12, false, MONOCHROME2, 1.2.840.10008.1.2.4.80",
        "jpegls-8bit,                    61, 47,  8,  8, false, MONOCHROME2, 1.2.840.10008.1.2.4.80",
        "jpegls-runs,                    64, 48, 16, 12, false, MONOCHROME2, 1.2.840.10008.1.2.4.80",
        "j2k-lossless,                   64, 48, 16, 12, false, MONOCHROME2, 1.2.840.10008.1.2.4.90",
        "j2k-lossy,                      64, 48, 16, 16, false, MONOCHROME2, 1.2.840.10008.1.2.4.91",
    })
    void decodesLikeDcmtk(String name, int width, int height, int bitsAllocated, int bitsStored, boolean signed,
            Photometric photometric, String transferSyntax) throws Exception {
        XrayImage img = DicomReader.read(fixture(name + ".dcm"));
        assertEquals(width, img.width());
        assertEquals(height, img.height());
        assertEquals(bitsStored, img.bitsStored());
        assertEquals(photometric, img.photometric());
        assertEquals("DICOM", img.info().format());
        assertEquals(transferSyntax, img.info().transferSyntax());
        int[] expected = reference(name, width * height, bitsAllocated, bitsStored, signed);
        assertArrayEquals(expected, img.pixels());
        int[] range = img.range();
        if (signed) {
            assertTrue(range[0] < 0, "signed fixtures hold negative values");
        }
        assertTrue(range[1] - range[0] > (bitsStored == 8 ? 200 : 3000), "the gradient is not flat");
    }

    @Test
    void readsWindowAndRescaleTakingTheFirstWindowValue() throws Exception {
        ImageInfo info = DicomReader.read(fixture("explicit-le.dcm")).info();
        assertEquals(1024.5, info.windowCenter());
        assertEquals(2048.0, info.windowWidth());
        assertEquals(0.5, info.rescaleSlope());
        assertEquals(-1024.0, info.rescaleIntercept());
        assertTrue(info.identifiers().isEmpty());
    }

    @Test
    void defaultsWhenWindowAndRescaleAreAbsent() throws Exception {
        ImageInfo info = DicomReader.read(fixture("rle16.dcm")).info();
        assertFalse(info.hasWindow());
        assertTrue(Double.isNaN(info.windowCenter()));
        assertEquals(1.0, info.rescaleSlope());
        assertEquals(0.0, info.rescaleIntercept());
    }

    @Test
    void readsIdentifiersOnlyIntoTheirMap() throws Exception {
        XrayImage img = DicomReader.read(fixture("implicit-le.dcm"));
        assertEquals(Map.of("PatientName", "DOE^JANE", "PatientID", "ID12345"), img.info().identifiers());
        assertFalse(img.toString().contains("DOE") || img.toString().contains("ID12345"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "refused-jpeg12-lossy.dcm,   1.2.840.10008.1.2.4.51",
    })
    void refusesWhatItCannotShowFaithfully(String name, String detail) {
        ImageLoadException e = DicomHelpers.refused(fixture(name));
        assertTrue(e.getMessage().contains("unsupported"), e.getMessage());
        assertTrue(e.getMessage().contains(detail), e.getMessage());
    }

    @Test
    void ignoresUnusedHighBits(@TempDir Path tmp) throws Exception {
        // Bits above HighBit may hold overlays or garbage; they must not leak into the stored values.
        byte[] b = Files.readAllBytes(fixture("explicit-le.dcm"));
        int pixelStart = b.length - 64 * 48 * 2;
        for (int i = pixelStart + 1; i < b.length; i += 2) {
            b[i] |= (byte) 0xF0;
        }
        Path copy = DicomHelpers.write(tmp, "garbage-high-bits.dcm", b);
        assertArrayEquals(reference("explicit-le", 64 * 48, 16, 12, false), DicomReader.read(copy).pixels());
    }

    @Test
    void skipsAnUndefinedLengthUnSequenceEncodedAsImplicitVr(@TempDir Path tmp) throws Exception {
        // A raw explicit VR little endian data set; the private UN sequence holds implicit VR (PS3.5 6.2.2).
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(DicomHelpers.bytes(0x08, 0x00, 0x60, 0x00, 'C', 'S', 0x02, 0x00, 'D', 'X'));
        out.writeBytes(DicomHelpers.bytes(0x09, 0x00, 0x01, 0x10, 'U', 'N', 0, 0, 0xFF, 0xFF, 0xFF, 0xFF));
        out.writeBytes(DicomHelpers.bytes(0xFE, 0xFF, 0x00, 0xE0, 0xFF, 0xFF, 0xFF, 0xFF));
        out.writeBytes(DicomHelpers.bytes(0x09, 0x00, 0x02, 0x10, 0x04, 0x00, 0x00, 0x00, 'a', 'b', 'c', 'd'));
        out.writeBytes(DicomHelpers.bytes(0xFE, 0xFF, 0x0D, 0xE0, 0, 0, 0, 0, 0xFE, 0xFF, 0xDD, 0xE0, 0, 0, 0, 0));
        int[][] us = {{0x0010, 2}, {0x0011, 2}, {0x0100, 16}, {0x0101, 16}, {0x0102, 15}, {0x0103, 0}};
        for (int[] e : us) {
            out.writeBytes(DicomHelpers.bytes(0x28, 0x00, e[0] & 0xFF, e[0] >> 8, 'U', 'S', 0x02, 0x00, e[1], 0));
        }
        out.writeBytes(DicomHelpers.bytes(0xE0, 0x7F, 0x10, 0x00, 'O', 'W', 0, 0, 8, 0, 0, 0, 1, 0, 2, 0, 3, 0, 4, 1));
        XrayImage img = DicomReader.read(DicomHelpers.write(tmp, "un-sequence.dcm", out.toByteArray()));
        assertArrayEquals(new int[] {1, 2, 3, 0x0104}, img.pixels());
        assertEquals("1.2.840.10008.1.2.1", img.info().transferSyntax());
    }

    @Test
    void sniffsDicomContent() throws Exception {
        for (String name : new String[] {"explicit-le.dcm", "explicit-be.dcm", "raw-dataset-implicit.dcm"}) {
            byte[] head = Files.readAllBytes(fixture(name));
            assertTrue(DicomReader.looksLikeDicom(head, Math.min(head.length, 256)), name);
        }
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D};
        assertFalse(DicomReader.looksLikeDicom(png, png.length));
        byte[] text = "just some text, not an image at all".getBytes();
        assertFalse(DicomReader.looksLikeDicom(text, text.length));
        assertFalse(DicomReader.looksLikeDicom(new byte[0], 0));
        assertFalse(DicomReader.looksLikeDicom(new byte[200], 200));
    }
}
