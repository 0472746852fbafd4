package io.lunglens.imaging;

import io.lunglens.imaging.dicom.DicomReader;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Loads any supported file as an {@link XrayImage}. (Early version: full sniffing and limits follow.) */
public final class ImageLoader {

    private ImageLoader() {
    }

    public static XrayImage load(Path file) throws ImageLoadException {
        try {
            if (file.getFileName().toString().toLowerCase().endsWith(".dcm")) {
                return DicomReader.read(file);
            }
            BufferedImage img = ImageIO.read(file.toFile());
            if (img == null) {
                throw new ImageLoadException(file, "not an image");
            }
            int w = img.getWidth();
            int h = img.getHeight();
            int[] px = new int[w * h];
            img.getRaster().getSamples(0, 0, w, h, 0, px);
            return new XrayImage(w, h, 8, px, Photometric.MONOCHROME2, ImageInfo.plain(file, "PNG"));
        } catch (IOException e) {
            throw new ImageLoadException(file, e.getMessage(), e);
        }
    }
}
