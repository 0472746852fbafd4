package io.lunglens.imaging.dicom;

import static io.lunglens.imaging.dicom.DicomReaderTest.fixture;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunglens.imaging.ImageLoadException;
import io.lunglens.imaging.Photometric;
import io.lunglens.imaging.XrayImage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Colour images become luminance and multi-frame images give their first frame, each with a note. */
class DicomColourAndFramesTest {

    private static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";
    private static final String JPEG_BASELINE = "1.2.840.10008.1.2.4.50";
    private static final int W = 32;
    private static final int H = 24;

    @TempDir
    Path tmp;

    /** Rec. 601 luma, written out here rather than taken from the code under test. */
    private static int luma(int r, int g, int b) {
        return (int) Math.round(0.299 * r + 0.587 * g + 0.114 * b);
    }

    private static int red(int i) { return (i * 7) & 0xFF; }

    private static int green(int i) { return (255 - i * 3) & 0xFF; }

    private static int blue(int i) { return (i * i) & 0xFF; }

    @Test
    void multiFrameFixtureGivesItsFirstFrameWithANote() throws Exception {
        Path file = fixture("multiframe-native.dcm");
        byte[] b = Files.readAllBytes(file);
        int pixels = 64 * 48;
        int start = b.length - 2 * pixels * 2;
        int[] expected = new int[pixels];
        for (int i = 0; i < pixels; i++) {
            expected[i] = ((b[start + 2 * i] & 0xFF) | (b[start + 2 * i + 1] & 0xFF) << 8) & 0xFFF;
        }
        XrayImage img = DicomReader.read(file);
        assertArrayEquals(expected, img.pixels());
        assertEquals(List.of("first of 2 frames shown"), img.info().notes());
    }

    @Test
    void rgbFixtureBecomesLuminanceWithANote() throws Exception {
        Path file = fixture("rgb-native.dcm");
        byte[] b = Files.readAllBytes(file);
        int pixels = 64 * 48;
        int start = b.length - pixels * 3;
        int[] expected = new int[pixels];
        for (int i = 0; i < pixels; i++) {
            expected[i] = luma(b[start + 3 * i] & 0xFF, b[start + 3 * i + 1] & 0xFF, b[start + 3 * i + 2] & 0xFF);
        }
        XrayImage img = DicomReader.read(file);
        assertArrayEquals(expected, img.pixels());
        assertEquals(8, img.bitsStored());
        assertEquals(Photometric.MONOCHROME2, img.photometric());
        assertEquals(List.of("colour (RGB) shown as luminance"), img.info().notes());
    }

    @Test
    void rgbInBothPlanarConfigurationsGivesTheSameLuminance() throws Exception {
        int n = W * H;
        byte[] interleaved = new byte[n * 3];
        byte[] planar = new byte[n * 3];
        int[] expected = new int[n];
        for (int i = 0; i < n; i++) {
            int[] rgb = {red(i), green(i), blue(i)};
            for (int s = 0; s < 3; s++) {
                interleaved[3 * i + s] = (byte) rgb[s];
                planar[s * n + i] = (byte) rgb[s];
            }
            expected[i] = luma(rgb[0], rgb[1], rgb[2]);
        }
        DicomWriter byPixel = new DicomWriter(EXPLICIT_LE).image(H, W, 8, 3, "RGB");
        DicomWriter byPlane = new DicomWriter(EXPLICIT_LE).image(H, W, 8, 3, "RGB").us(0x00280006, 1);
        assertArrayEquals(expected, read(byPixel.nativePixels(interleaved, false), "rgb-by-pixel.dcm").pixels());
        assertArrayEquals(expected, read(byPlane.nativePixels(planar, false), "rgb-by-plane.dcm").pixels());
    }

    @Test
    void ybrFullAndFull422GiveTheirYAsLuminance() throws Exception {
        int n = W * H;
        byte[] full = new byte[n * 3];
        byte[] half = new byte[n * 2];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = red(i);
            full[3 * i] = (byte) y[i];
            full[3 * i + 1] = (byte) green(i);
            full[3 * i + 2] = (byte) blue(i);
        }
        // YBR_FULL_422: each pair of pixels is stored Y1 Y2 Cb Cr.
        for (int p = 0; p < n; p += 2) {
            half[2 * p] = (byte) y[p];
            half[2 * p + 1] = (byte) y[p + 1];
            half[2 * p + 2] = (byte) green(p);
            half[2 * p + 3] = (byte) blue(p);
        }
        DicomWriter ybr = new DicomWriter(EXPLICIT_LE).image(H, W, 8, 3, "YBR_FULL").nativePixels(full, false);
        DicomWriter ybr422 = new DicomWriter(EXPLICIT_LE).image(H, W, 8, 3, "YBR_FULL_422").nativePixels(half, false);
        assertArrayEquals(y, read(ybr, "ybr-full.dcm").pixels());
        XrayImage img = read(ybr422, "ybr-full-422.dcm");
        assertArrayEquals(y, img.pixels());
        assertEquals(List.of("colour (YBR_FULL_422) shown as luminance"), img.info().notes());
    }

    @Test
    void colourJpegGivesTheLuminanceOfItsSource() throws Exception {
        // Smooth, unsaturated colours: lossy JPEG keeps the luma of each pixel within a few levels.
        BufferedImage rgb = new BufferedImage(W, H, BufferedImage.TYPE_3BYTE_BGR);
        int[] source = new int[W * H];
        for (int i = 0; i < source.length; i++) {
            int x = i % W;
            int y = i / W;
            int r = 40 + x * 5;
            int g = 200 - y * 5;
            int b = 60 + (x + y) * 2;
            rgb.setRGB(x, y, r << 16 | g << 8 | b);
            source[i] = luma(r, g, b);
        }
        DicomWriter w = new DicomWriter(JPEG_BASELINE).image(H, W, 8, 3, "YBR_FULL_422")
                .encapsulated(new int[0], jpeg(rgb));
        XrayImage img = read(w, "colour-jpeg.dcm");
        for (int i = 0; i < source.length; i++) {
            assertTrue(Math.abs(img.pixels()[i] - source[i]) <= 4, "pixel " + i + ": " + img.pixels()[i]
                    + " vs source luma " + source[i]);
        }
        assertEquals(List.of("colour (YBR_FULL_422) shown as luminance"), img.info().notes());
    }

    @Test
    void multiFrameJpegWithOddFragmentsAndAWrongOffsetTableGivesTheFirstFrame() throws Exception {
        // Like GDCM's example 00191113.dcm: one odd-length fragment per frame, no pad byte, and an offset
        // table whose entries do not point at the items.
        byte[] first = oddLength(jpeg(gray(false)));
        byte[] second = oddLength(jpeg(gray(true)));
        int[] wrongTable = {0, first.length + 9, 2 * first.length + 20};
        DicomWriter w = new DicomWriter(JPEG_BASELINE).text(0x00280008, "IS", "2").image(H, W, 8, 1, "MONOCHROME2")
                .encapsulated(wrongTable, first, second);
        XrayImage img = read(w, "two-odd-frames.dcm");
        assertArrayEquals(decodeGray(first), img.pixels());
        assertEquals(List.of("first of 2 frames shown"), img.info().notes());
    }

    @Test
    void firstFrameSplitOverFragmentsEndsWhereTheNextCodestreamStarts() throws Exception {
        byte[] first = jpeg(gray(false));
        byte[] second = jpeg(gray(true));
        int cut = first.length / 2 & ~1;
        DicomWriter w = new DicomWriter(JPEG_BASELINE).text(0x00280008, "IS", "2").image(H, W, 8, 1, "MONOCHROME2")
                .encapsulated(new int[0], Arrays.copyOf(first, cut), Arrays.copyOfRange(first, cut, first.length),
                        second);
        assertArrayEquals(decodeGray(first), read(w, "split-frame.dcm").pixels());
    }

    @Test
    void nativePixelDataWithTrailingPaddingIsRead() throws Exception {
        byte[] px = new byte[W * H + 64];
        int[] expected = new int[W * H];
        for (int i = 0; i < expected.length; i++) {
            px[i] = (byte) red(i);
            expected[i] = red(i);
        }
        Arrays.fill(px, W * H, px.length, (byte) 0xEE);
        DicomWriter w = new DicomWriter(EXPLICIT_LE).image(H, W, 8, 1, "MONOCHROME2").nativePixels(px, false);
        XrayImage img = read(w, "padded.dcm");
        assertArrayEquals(expected, img.pixels());
        assertEquals(List.of("64 bytes after the image in the pixel data ignored"), img.info().notes());
    }

    @Test
    void framesThatDoNotAddUpAreRefused() throws Exception {
        DicomWriter short3 = new DicomWriter(EXPLICIT_LE).text(0x00280008, "IS", "3").image(H, W, 8, 1, "MONOCHROME2")
                .nativePixels(new byte[W * H * 2], false);
        assertTrue(refused(short3, "short.dcm").getMessage().contains("need " + W * H * 3));
        DicomWriter badCount = new DicomWriter(EXPLICIT_LE).text(0x00280008, "IS", "two").image(H, W, 8, 1,
                "MONOCHROME2").nativePixels(new byte[W * H], false);
        assertTrue(refused(badCount, "count.dcm").getMessage().contains("invalid NumberOfFrames two"));
        byte[] first = jpeg(gray(false));
        DicomWriter noStarts = new DicomWriter(JPEG_BASELINE).text(0x00280008, "IS", "2")
                .image(H, W, 8, 1, "MONOCHROME2").encapsulated(new int[0], Arrays.copyOf(first, 100),
                        Arrays.copyOfRange(first, 100, 200), Arrays.copyOfRange(first, 200, first.length));
        assertTrue(refused(noStarts, "no-starts.dcm").getMessage().contains("cannot tell where the first of 2 frames"));
        DicomWriter palette = new DicomWriter(EXPLICIT_LE).image(H, W, 8, 1, "PALETTE COLOR")
                .nativePixels(new byte[W * H], false);
        assertTrue(refused(palette, "palette.dcm").getMessage().contains("unsupported"));
    }

    private XrayImage read(DicomWriter w, String name) throws IOException, ImageLoadException {
        return DicomReader.read(w.write(tmp.resolve(name)));
    }

    private ImageLoadException refused(DicomWriter w, String name) throws IOException {
        return DicomHelpers.refused(w.write(tmp.resolve(name)));
    }

    private static BufferedImage gray(boolean inverted) {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < W * H; i++) {
            int v = (i % W) * 8 + (i / W) * 2;
            img.getRaster().setSample(i % W, i / W, 0, inverted ? 255 - v : v);
        }
        return img;
    }

    private static byte[] jpeg(BufferedImage img) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(img, "jpeg", out));
        return out.toByteArray();
    }

    /** The same codestream with an odd length: a one-byte comment segment after SOI flips the parity if needed. */
    private static byte[] oddLength(byte[] jpeg) {
        if (jpeg.length % 2 == 1) {
            return jpeg;
        }
        byte[] out = new byte[jpeg.length + 5];
        out[0] = jpeg[0];
        out[1] = jpeg[1];
        byte[] comment = {(byte) 0xFF, (byte) 0xFE, 0, 3, 'x'};
        System.arraycopy(comment, 0, out, 2, 5);
        System.arraycopy(jpeg, 2, out, 7, jpeg.length - 2);
        assertEquals(1, out.length % 2);
        return out;
    }

    private static int[] decodeGray(byte[] jpeg) throws IOException {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(jpeg));
        return img.getRaster().getSamples(0, 0, W, H, 0, new int[W * H]);
    }
}
