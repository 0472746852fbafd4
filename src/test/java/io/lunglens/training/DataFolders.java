package io.lunglens.training;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Writes small labelled image folders for tests: real PNG files with distinct content. */
final class DataFolders {

    private DataFolders() {
    }

    /** Writes {@code n} distinct gray PNGs into {@code dir}; {@code salt} keeps classes apart. */
    static void writeImages(Path dir, int n, int salt) throws IOException {
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
