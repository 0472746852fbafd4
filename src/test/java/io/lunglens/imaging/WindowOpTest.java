package io.lunglens.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WindowOpTest {

    static XrayImage ramp(int bits, Photometric pm, ImageInfo info) {
        int n = 1 << bits;
        int[] px = new int[n];
        for (int i = 0; i < n; i++) {
            px[i] = i;
        }
        return new XrayImage(n, 1, bits, px, pm, info);
    }

    static ImageInfo plain() {
        return ImageInfo.plain(Path.of("ramp"), "PNG");
    }

    @Test
    void eightBitDefaultIsIdentity() {
        XrayImage img = ramp(8, Photometric.MONOCHROME2, plain());
        byte[] out = WindowOp.apply(img, WindowLevel.defaultFor(img), false);
        for (int i = 0; i < 256; i++) {
            assertEquals(i, out[i] & 0xFF);
        }
    }

    @Test
    void invertAndMonochrome1FlipAndCancel() {
        XrayImage m2 = ramp(8, Photometric.MONOCHROME2, plain());
        XrayImage m1 = ramp(8, Photometric.MONOCHROME1, plain());
        WindowLevel w = WindowLevel.defaultFor(m2);
        assertEquals(255 - 10, WindowOp.apply(m2, w, true)[10] & 0xFF);
        assertEquals(255 - 10, WindowOp.apply(m1, w, false)[10] & 0xFF);
        assertEquals(10, WindowOp.apply(m1, w, true)[10] & 0xFF);
    }

    @Test
    void windowWorksOnRawSixteenBitValuesWithRescale() {
        ImageInfo info = new ImageInfo(Path.of("ct"), "DICOM", 1000, 400, 2.0, -1000, "1.2.840.10008.1.2.1", Map.of());
        XrayImage img = ramp(12, Photometric.MONOCHROME2, info);
        WindowLevel w = WindowLevel.defaultFor(img);
        assertEquals(new WindowLevel(1000, 400), w);
        byte[] out = WindowOp.apply(img, w, false);
        // modality = 2x - 1000: window 800..1200 is stored 900..1100
        assertEquals(0, out[899] & 0xFF);
        assertEquals(255, out[1101] & 0xFF);
        assertEquals(128, out[1000] & 0xFF, 1);
    }

    @Test
    void sixteenBitWithoutWindowUsesTheUsedRange() {
        int[] px = {1000, 2000, 3000};
        XrayImage img = new XrayImage(3, 1, 16, px, Photometric.MONOCHROME2, plain());
        byte[] out = WindowOp.apply(img, WindowLevel.defaultFor(img), false);
        assertEquals(0, out[0] & 0xFF);
        assertEquals(255, out[2] & 0xFF);
        assertEquals(128, out[1] & 0xFF, 1);
    }

    @Test
    void widthBelowOneIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new WindowLevel(10, 0));
    }
}
