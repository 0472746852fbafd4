package io.lunglens.imaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelInputTest {

    private static XrayImage image(int w, int h, int bits, int[] px, Photometric ph, ImageInfo info) {
        return new XrayImage(w, h, bits, px, ph, info);
    }

    @Test
    void areaAveragingShrinksExactly() {
        float[] src = {
            0, 1, 2, 3,
            4, 5, 6, 7,
            8, 9, 10, 11,
            12, 13, 14, 15};
        float[] out = ModelInput.resample(src, 4, 4, 2, 2);
        assertArrayEquals(new float[] {2.5f, 4.5f, 10.5f, 12.5f}, out, 1e-5f);
        // 3 -> 2: each output covers 1.5 source pixels.
        assertArrayEquals(new float[] {(0 + 0.5f * 3) / 1.5f, (0.5f * 3 + 6) / 1.5f},
                ModelInput.resample(new float[] {0, 3, 6}, 3, 1, 2, 1), 1e-5f);
    }

    @Test
    void bilinearEnlargesWithCentresAligned() {
        float[] out = ModelInput.resample(new float[] {0, 4}, 2, 1, 4, 1);
        assertArrayEquals(new float[] {0, 1, 3, 4}, out, 1e-5f);
    }

    @Test
    void bitDepthRangeAndMonochrome1Inversion() {
        ImageInfo plain = ImageInfo.plain(Path.of("x.png"), "PNG");
        float[] eight = ModelInput.toUnit(image(2, 1, 8, new int[] {0, 255}, Photometric.MONOCHROME2, plain));
        assertArrayEquals(new float[] {0, 1}, eight, 1e-6f);
        float[] twelve = ModelInput.toUnit(image(2, 1, 12, new int[] {0, 4095}, Photometric.MONOCHROME1, plain));
        assertArrayEquals(new float[] {1, 0}, twelve, 1e-6f);
    }

    @Test
    void dicomWindowWinsOverBitDepth() {
        // Modality = 2 * stored - 1000; window 0 +- 500 -> stored 250 .. 750.
        ImageInfo info = new ImageInfo(Path.of("x.dcm"), "DICOM", 0, 1000, 2, -1000, "1.2.840.10008.1.2.1", Map.of());
        float[] v = ModelInput.toUnit(image(4, 1, 16, new int[] {0, 250, 500, 750}, Photometric.MONOCHROME2, info));
        assertArrayEquals(new float[] {0, 0, 0.5f, 1}, v, 1e-6f);
    }

    @Test
    void tensorDataHasRequestedSize() {
        int[] px = new int[300 * 200];
        Arrays.fill(px, 128);
        float[] t = ModelInput.toTensorData(image(300, 200, 8, px, Photometric.MONOCHROME2,
                ImageInfo.plain(Path.of("x.png"), "PNG")), 64);
        assertEquals(64 * 64, t.length);
        for (float f : t) {
            assertEquals(128 / 255f, f, 1e-5f);
        }
        assertThrows(IllegalArgumentException.class, () -> ModelInput.resample(new float[3], 2, 2, 1, 1));
    }
}
