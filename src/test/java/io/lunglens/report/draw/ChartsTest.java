package io.lunglens.report.draw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** XChart's charts as the reports draw them: real PNGs, with what each must show visible in the pixels. */
class ChartsTest {

    private static final double[] EPOCHS = {1, 2, 3, 4, 5};
    private static final double[] TRAIN = {0.70, 0.55, 0.40, 0.30, 0.22};
    private static final double[] VAL = {0.68, 0.60, 0.58, 0.63, 0.70};

    @Test
    void lossChartMarksTheOverfittingEpochOnlyWhenFlagged() throws Exception {
        BufferedImage flagged = read(Charts.png(Charts.loss(EPOCHS, TRAIN, VAL, 4), 720, 460));
        BufferedImage plain = read(Charts.png(Charts.loss(EPOCHS, TRAIN, VAL, 0), 720, 460));
        assertEquals(720, flagged.getWidth());
        assertEquals(460, flagged.getHeight());
        assertTrue(count(flagged, 0x8a5a00) > 100, "the marker line and its label are drawn");
        assertEquals(0, count(plain, 0x8a5a00), "no marker without a flag");
        Path out = Path.of("target/charts-test");
        Files.createDirectories(out);
        Files.write(out.resolve("loss-flagged.png"), Charts.png(Charts.loss(EPOCHS, TRAIN, VAL, 4), 720, 460));
    }

    @Test
    void rocAndReliabilityDrawTheirSeriesAndDiagonal() throws Exception {
        BufferedImage roc = read(Charts.png(Charts.roc(new double[] {0, 0, 0.5, 1}, new double[] {0, 0.8, 1, 1},
                0.9, 0.8, 0.95), 600, 400));
        assertTrue(count(roc, Charts.TRAINING.getRGB() & 0xffffff) > 200, "the model's curve");
        BufferedImage rel = read(Charts.png(Charts.reliability(List.of(new double[] {0.2, 0.1},
                new double[] {0.8, 0.9}), List.of(new double[] {0.25, 0.2}, new double[] {0.75, 0.8})), 600, 400));
        assertTrue(count(rel, Charts.VALIDATION.getRGB() & 0xffffff) > 20, "before calibration");
        assertTrue(count(rel, Charts.CALIBRATED.getRGB() & 0xffffff) > 20, "after calibration");
    }

    private static BufferedImage read(byte[] png) throws Exception {
        return ImageIO.read(new ByteArrayInputStream(png));
    }

    /** Pixels within a small distance of an RGB colour (anti-aliasing blends the rest). */
    private static int count(BufferedImage img, int rgb) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int p = img.getRGB(x, y);
                int d = Math.abs(((p >> 16) & 255) - ((rgb >> 16) & 255)) + Math.abs(((p >> 8) & 255) - ((rgb >> 8) & 255))
                        + Math.abs((p & 255) - (rgb & 255));
                if (d < 24) {
                    n++;
                }
            }
        }
        return n;
    }
}
