package io.lunglens.model;

import io.lunglens.imaging.ImageInfo;
import io.lunglens.imaging.Photometric;
import io.lunglens.imaging.XrayImage;
import java.nio.file.Path;
import java.util.Random;

/** Synthetic 8-bit test images: uniform noise, optionally with a bright square. */
final class TestImages {

    private TestImages() {
    }

    static XrayImage noise(int size, Random rnd) {
        return withSquare(size, rnd, -1, -1, 0);
    }

    /** Noise in 0..140 with a square of side sq at (x0, y0) in 215..255; sq = 0 for none. */
    static XrayImage withSquare(int size, Random rnd, int x0, int y0, int sq) {
        int[] px = new int[size * size];
        for (int i = 0; i < px.length; i++) {
            px[i] = rnd.nextInt(141);
        }
        for (int y = Math.max(0, y0); y < y0 + sq; y++) {
            for (int x = Math.max(0, x0); x < x0 + sq; x++) {
                px[y * size + x] = 215 + rnd.nextInt(41);
            }
        }
        return new XrayImage(size, size, 8, px, Photometric.MONOCHROME2, ImageInfo.plain(Path.of("noise.png"), "PNG"));
    }

    static ModelCard tinyCard(String name, int inputSize) {
        return ModelCard.draft(name, Architecture.TINY, inputSize, true);
    }
}
