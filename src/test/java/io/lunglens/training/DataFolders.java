package io.lunglens.training;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/** Writes small labelled image folders for tests: real PNG files with distinct content. */
public final class DataFolders {

    private DataFolders() {
    }

    /**
     * A task the tiny network learns in a few epochs: "lesion" images hold a soft bright blob in the lower half,
     * "clear" images are noise only. 80x80 gray PNGs, {@code perClass} of each.
     */
    public static void writeBlobs(Path root, int perClass, long seed) throws IOException {
        Random rnd = new Random(seed);
        for (String cls : List.of("lesion", "clear")) {
            Path dir = Files.createDirectories(root.resolve(cls));
            for (int i = 0; i < perClass; i++) {
                BufferedImage img = new BufferedImage(80, 80, BufferedImage.TYPE_BYTE_GRAY);
                int cx = 15 + rnd.nextInt(50);
                int cy = 45 + rnd.nextInt(20);
                for (int y = 0; y < 80; y++) {
                    for (int x = 0; x < 80; x++) {
                        double v = 60 + rnd.nextInt(60);
                        if (cls.equals("lesion")) {
                            double d2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
                            v += 120 * Math.exp(-d2 / 60.0);
                        }
                        img.getRaster().setSample(x, y, 0, (int) Math.min(255, v));
                    }
                }
                ImageIO.write(img, "png", dir.resolve(cls + i + ".png").toFile());
            }
        }
    }

    /** Writes {@code n} distinct gray PNGs into {@code dir}; {@code salt} keeps classes apart. */
    public static void writeImages(Path dir, int n, int salt) throws IOException {
        Files.createDirectories(dir);
        for (int i = 0; i < n; i++) {
            BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
            img.getRaster().setSample(i % 16, i / 16 % 16, 0, 255);
            img.getRaster().setSample(0, 0, 0, salt);
            img.getRaster().setSample(1, 0, 0, i);
            ImageIO.write(img, "png", dir.resolve(String.format("img%03d.png", i)).toFile());
        }
    }
}
