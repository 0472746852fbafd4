package io.lunglens.imaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

// The timeout guards against hangs on hostile input; it is not a speed assertion.
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ImageLoaderTest {

    static final Path SAMPLES = Path.of("assets/samples");

    @TempDir
    Path tmp;

    @Test
    void everyRealSampleLoadsUnmodifiedAs8BitGray() throws Exception {
        String attribution = Files.readString(SAMPLES.resolve("ATTRIBUTION.md"));
        Matcher m = Pattern.compile("\\| ((?:covid|normal)/\\S+\\.png) \\|.*`([0-9a-f]{64})`").matcher(attribution);
        int n = 0;
        while (m.find()) {
            Path f = SAMPLES.resolve(m.group(1));
            assertEquals(m.group(2), sha256(f), "sample changed: " + f);
            XrayImage img = ImageLoader.load(f);
            assertEquals("PNG", img.info().format());
            assertEquals(8, img.bitsStored());
            assertEquals(Photometric.MONOCHROME2, img.photometric());
            assertTrue(img.width() >= 512 && img.height() >= 512, img.toString());
            int[] r = img.range();
            assertTrue(r[1] - r[0] > 100, "a radiograph uses most of the gray range: " + f);
            n++;
        }
        assertEquals(10, n);
    }

    @Test
    void sixteenBitPngStaysSixteenBit() throws Exception {
        BufferedImage src = new BufferedImage(40, 30, BufferedImage.TYPE_USHORT_GRAY);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                src.getRaster().setSample(x, y, 0, (x * 1601 + y * 37) % 65536);
            }
        }
        Path f = tmp.resolve("deep.png");
        ImageIO.write(src, "png", f.toFile());
        XrayImage img = ImageLoader.load(f);
        assertEquals(16, img.bitsStored());
        assertEquals(39 * 1601 % 65536 + 29 * 37, img.get(39, 29));
        assertEquals(5 * 1601 + 7 * 37, img.get(5, 7));
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "jpeg", "bmp", "gif", "tiff"})
    void everyFormatLoadsAsGray(String format) throws Exception {
        BufferedImage src = new BufferedImage(64, 48, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                src.getRaster().setSample(x, y, 0, x * 4);
            }
        }
        Path f = tmp.resolve("gray." + format);
        assertTrue(ImageIO.write(src, format, f.toFile()), "no writer for " + format);
        XrayImage img = ImageLoader.load(f);
        assertEquals(format.toUpperCase(), img.info().format());
        assertEquals(64, img.width());
        assertEquals(48, img.height());
        // JPEG is lossy; the rest are exact.
        int tolerance = format.equals("jpeg") ? 6 : 0;
        assertTrue(Math.abs(img.get(40, 20) - 160) <= tolerance, "value " + img.get(40, 20));
    }

    @Test
    void colourAlphaAndPaletteBecomeLuminance() throws Exception {
        BufferedImage rgb = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(1, 1, 0xFF0000);
        Path rgbFile = tmp.resolve("rgb.png");
        ImageIO.write(rgb, "png", rgbFile.toFile());
        assertEquals(76, ImageLoader.load(rgbFile).get(1, 1));

        BufferedImage argb = new BufferedImage(4, 4, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(2, 2, 0x8000FF00);
        Path argbFile = tmp.resolve("argb.png");
        ImageIO.write(argb, "png", argbFile.toFile());
        XrayImage a = ImageLoader.load(argbFile);
        assertEquals(8, a.bitsStored());
        assertEquals(150, a.get(2, 2));

        byte[] r = {0, (byte) 255};
        byte[] g = {0, (byte) 255};
        byte[] b = {0, 0};
        BufferedImage pal = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_BINARY, new IndexColorModel(1, 2, r, g, b));
        pal.getRaster().setSample(3, 0, 0, 1);
        Path palFile = tmp.resolve("pal.gif");
        ImageIO.write(pal, "gif", palFile.toFile());
        XrayImage p = ImageLoader.load(palFile);
        assertEquals(226, p.get(3, 0));
        assertEquals(0, p.get(0, 0));
    }

    @Test
    void formatComesFromContentNotName() throws Exception {
        Path f = tmp.resolve("really-a-png.jpg");
        Files.copy(SAMPLES.resolve("normal/nih_00001280_004.png"), f);
        assertEquals("PNG", ImageLoader.load(f).info().format());
    }

    @Test
    void dicomWhosePreambleIsATiffHeaderLoadsAsDicom() throws Exception {
        // A dual-personality DICOM/TIFF file (PS3.10 7.5): the preamble starts "II*\0" and points to an IFD.
        Path original = Path.of("src/test/resources/dicom/explicit-le.dcm");
        byte[] b = Files.readAllBytes(original);
        byte[] tiffHeader = {'I', 'I', 42, 0, 8, 0, 0, 0, 1, 0, 0, 1, 3, 0, 1, 0, 0, 0, 64, 0, 0, 0, 0, 0, 0, 0};
        System.arraycopy(tiffHeader, 0, b, 0, tiffHeader.length);
        Path dual = Files.write(tmp.resolve("dual.dcm"), b);
        XrayImage img = ImageLoader.load(dual);
        assertEquals("DICOM", img.info().format());
        assertArrayEquals(ImageLoader.load(original).pixels(), img.pixels());
    }

    @Test
    void hugePngHeaderIsRefusedBeforeDecoding() throws Exception {
        Path f = tmp.resolve("huge.png");
        Files.write(f, pngHeaderOnly(30_000, 30_000));
        assertRefused(f, "too large");
    }

    @Test
    void truncatedPngAndJpegAreRefused() throws Exception {
        byte[] png = Files.readAllBytes(SAMPLES.resolve("normal/nih_00001281_000.png"));
        Path half = tmp.resolve("half.png");
        Files.write(half, Arrays.copyOf(png, png.length / 2));
        assertRefused(half, "truncated");

        BufferedImage src = new BufferedImage(256, 256, BufferedImage.TYPE_BYTE_GRAY);
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(src, "jpeg", jpeg);
        Path cut = tmp.resolve("cut.jpg");
        Files.write(cut, Arrays.copyOf(jpeg.toByteArray(), jpeg.size() / 2));
        assertRefused(cut, "");
    }

    @Test
    void emptyTextMissingAndFolderAreRefused() throws Exception {
        Path empty = Files.createFile(tmp.resolve("empty.png"));
        assertRefused(empty, "empty file");
        Path text = tmp.resolve("notes.png");
        Files.writeString(text, "this is not an image\nsecond line\n");
        assertRefused(text, "not a supported image");
        assertRefused(tmp.resolve("missing.png"), "no such file");
        Path dir = Files.createDirectory(tmp.resolve("dir.png"));
        assertRefused(dir, "folder");
    }

    @Test
    void folderListingFindsImagesByContentAndKeepsBrokenOnes() throws Exception {
        Files.copy(SAMPLES.resolve("covid/hann_0a7faa2a.png"), tmp.resolve("no-extension"));
        Files.writeString(tmp.resolve("broken.png"), "junk");
        Files.writeString(tmp.resolve("README.txt"), "not an image");
        Files.createDirectory(tmp.resolve(".hidden"));
        Files.copy(SAMPLES.resolve("covid/hann_0a7faa2a.png"), tmp.resolve(".hidden/x.png"));
        List<Path> found = ImageFiles.list(tmp, true);
        assertEquals(List.of(tmp.resolve("broken.png"), tmp.resolve("no-extension")), found);
    }

    static void assertRefused(Path f, String reasonPart) {
        ImageLoadException e = assertThrows(ImageLoadException.class, () -> ImageLoader.load(f));
        String msg = e.getMessage();
        assertTrue(msg.contains(f.getFileName().toString()), "names the file: " + msg);
        assertTrue(msg.toLowerCase().contains(reasonPart), "says why (" + reasonPart + "): " + msg);
        assertFalse(msg.contains("\n"), "one line: " + msg);
    }

    static byte[] pngHeaderOnly(int w, int h) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(ihdr);
        d.writeBytes("IHDR");
        d.writeInt(w);
        d.writeInt(h);
        d.write(new byte[] {8, 0, 0, 0, 0});
        byte[] chunk = ihdr.toByteArray();
        CRC32 crc = new CRC32();
        crc.update(chunk);
        out.writeInt(13);
        out.write(chunk);
        out.writeInt((int) crc.getValue());
        return bytes.toByteArray();
    }

    static String sha256(Path f) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
    }
}
