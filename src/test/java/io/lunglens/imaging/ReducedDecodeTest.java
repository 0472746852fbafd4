package io.lunglens.imaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model's decode of a large film (every step-th pixel) against a full decode: the same model input within a
 * stated tolerance, on real films enlarged to detector sizes, and the file's own size kept beside the image.
 */
class ReducedDecodeTest {

    /** Model input side the tolerance is stated for (the shipped architecture's). */
    private static final int SIZE = 224;
    /** Mean absolute difference of the model input, in [0,1] units; measured 0.0007-0.0013 on these films. */
    private static final double MEAN_TOLERANCE = 0.003;
    /** Largest difference of one input pixel; measured up to 0.05, on burned-in letters (point samples of a sharp edge). */
    private static final double MAX_TOLERANCE = 0.1;

    @TempDir
    Path tmp;

    private record Film(Path source, int longSide, LargeFilms.Kind kind) {
    }

    private static final List<Film> FILMS = List.of(
            new Film(Path.of("assets/samples/covid/hann_0a7faa2a.png"), 3000, LargeFilms.Kind.PNG8),
            new Film(Path.of("assets/samples/normal/nih_00001280_004.png"), 3000, LargeFilms.Kind.PNG16),
            new Film(Path.of("assets/samples/covid/hann_2c35005f.png"), 2800, LargeFilms.Kind.JPEG));

    @Test
    void modelInputOfAReducedDecodeMatchesTheFullDecodeResized() throws Exception {
        for (Film film : FILMS) {
            Path file = LargeFilms.write(film.source(), tmp.resolve(film.kind() + "." + film.kind().extension),
                    film.longSide(), film.kind());
            XrayImage full = ImageLoader.load(file);
            ReducedImage reduced = ImageLoader.loadForModel(file, SIZE);
            String what = film.kind() + " " + full;
            assertEquals(List.of(full.width(), full.height()), List.of(reduced.fullWidth(), reduced.fullHeight()), what);
            assertTrue(reduced.step() >= 2, what + ": step " + reduced.step());
            int shorter = Math.min(reduced.image().width(), reduced.image().height());
            assertTrue(shorter >= ImageLoader.MODEL_DECODE_MARGIN * SIZE, what + ": shorter side " + shorter);
            assertEquals(full.bitsStored(), reduced.image().bitsStored(), what);
            // The decoder kept exactly the pixels a full decode has on the same grid.
            assertArrayEquals(ReducedImage.of(full, reduced.step()).image().pixels(), reduced.image().pixels(), what);

            float[] expected = ModelInput.toTensorData(full, SIZE);
            float[] actual = ModelInput.toTensorData(reduced.image(), SIZE);
            double sum = 0;
            double max = 0;
            for (int i = 0; i < expected.length; i++) {
                double d = Math.abs(expected[i] - actual[i]);
                sum += d;
                max = Math.max(max, d);
            }
            assertTrue(sum / expected.length < MEAN_TOLERANCE, what + ": mean difference " + sum / expected.length);
            assertTrue(max < MAX_TOLERANCE, what + ": largest difference " + max);
        }
    }

    @Test
    void filmsNoLargerThanTheMarginAreDecodedInFull() throws Exception {
        Path film = Path.of("assets/samples/normal/nih_00001280_004.png");
        ReducedImage r = ImageLoader.loadForModel(film, 512);
        assertEquals(1, r.step());
        assertEquals(List.of(1024, 1024, 1024, 1024),
                List.of(r.fullWidth(), r.fullHeight(), r.image().width(), r.image().height()));
        assertArrayEquals(ImageLoader.load(film).pixels(), r.image().pixels());
    }

    @Test
    void everyImageIoFormatKeepsTheSameGrid() throws Exception {
        BufferedImage img = new BufferedImage(301, 200, BufferedImage.TYPE_BYTE_GRAY);
        int[] px = new int[301 * 200];
        for (int i = 0; i < px.length; i++) {
            px[i] = (i * 7 + i / 301 * 13) % 256;
        }
        img.getRaster().setSamples(0, 0, 301, 200, 0, px);
        for (String format : List.of("png", "bmp", "gif", "tiff", "jpeg")) {
            Path file = tmp.resolve("grid." + format);
            assertTrue(ImageIO.write(img, format, file.toFile()), "no writer for " + format);
            ReducedImage r = ImageLoader.loadReduced(file, 60);
            assertEquals(List.of(3, 301, 200, 100, 67), List.of(r.step(), r.fullWidth(), r.fullHeight(),
                    r.image().width(), r.image().height()), format);
            assertArrayEquals(ReducedImage.of(ImageLoader.load(file), 3).image().pixels(), r.image().pixels(), format);
        }
    }

    @Test
    void dicomIsSampledOnTheSameGrid() throws Exception {
        Path file = Path.of("src/test/resources/dicom/implicit-le.dcm");
        XrayImage full = ImageLoader.load(file);
        ReducedImage r = ImageLoader.loadReduced(file, Math.min(full.width(), full.height()) / 3);
        assertEquals(3, r.step());
        assertEquals(List.of(full.width(), full.height()), List.of(r.fullWidth(), r.fullHeight()));
        assertEquals(full.get(1, 1), r.image().get(0, 0), "the centre of the first 3×3 block");
        assertEquals(full.get(4, 7), r.image().get(1, 2));
        assertEquals(full.info(), r.image().info(), "window, rescale and identifiers as the file says");
    }
}
