package io.lunglens.imaging;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Real films enlarged to the sizes detectors give (2000-4300 px), written as a scanner would export them, for tests
 * and benchmarks of decoding at real sizes without committing large files. Enlarging is bilinear (ModelInput), so
 * 16-bit files hold real 16-bit values, not 8-bit ones shifted.
 */
public final class LargeFilms {

    /** How a film is stored. */
    public enum Kind {
        PNG8("png"), PNG16("png"), JPEG("jpg");

        public final String extension;

        Kind(String extension) {
            this.extension = extension;
        }
    }

    private LargeFilms() {
    }

    /** Writes {@code source} enlarged so its longer side is {@code longSide} pixels, as {@code kind}, to {@code out}. */
    public static Path write(Path source, Path out, int longSide, Kind kind) throws IOException, ImageLoadException {
        XrayImage film = enlarged(source, longSide, kind == Kind.PNG16 ? 16 : 8);
        BufferedImage img = new BufferedImage(film.width(), film.height(),
                kind == Kind.PNG16 ? BufferedImage.TYPE_USHORT_GRAY : BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setSamples(0, 0, film.width(), film.height(), 0, film.pixels());
        if (kind == Kind.JPEG) {
            writeJpeg(img, out, 0.9f);
        } else {
            ImageIO.write(img, "png", out.toFile());
        }
        return out;
    }

    /** {@code source} enlarged (bilinear) so its longer side is {@code longSide} pixels, at {@code bits} per pixel. */
    public static XrayImage enlarged(Path source, int longSide, int bits) throws ImageLoadException {
        XrayImage film = ImageLoader.load(source);
        int w = film.width();
        int h = film.height();
        int dw = w >= h ? longSide : (int) Math.round((double) longSide * w / h);
        int dh = w >= h ? (int) Math.round((double) longSide * h / w) : longSide;
        float[] plane = ModelInput.resample(ModelInput.toUnit(film), w, h, dw, dh);
        int max = (1 << bits) - 1;
        int[] px = new int[plane.length];
        for (int i = 0; i < px.length; i++) {
            px[i] = Math.round(Math.max(0, Math.min(1, plane[i])) * max);
        }
        return new XrayImage(dw, dh, bits, px, Photometric.MONOCHROME2, ImageInfo.plain(source, "PNG"));
    }

    private static void writeJpeg(BufferedImage img, Path out, float quality) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out.toFile())) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(img, null, null), param);
        } finally {
            writer.dispose();
        }
    }
}
