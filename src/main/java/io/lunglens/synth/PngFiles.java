package io.lunglens.synth;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferUShort;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Grayscale PNG encoding and atomic file writes. */
final class PngFiles {

    private PngFiles() {
    }

    /** An 8- or 16-bit grayscale PNG of stored values. */
    static byte[] gray(int[] pixels, int n, int bits) {
        BufferedImage img;
        if (bits == 16) {
            img = new BufferedImage(n, n, BufferedImage.TYPE_USHORT_GRAY);
            short[] data = ((DataBufferUShort) img.getRaster().getDataBuffer()).getData();
            for (int k = 0; k < pixels.length; k++) {
                data[k] = (short) pixels[k];
            }
        } else {
            img = new BufferedImage(n, n, BufferedImage.TYPE_BYTE_GRAY);
            byte[] data = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
            for (int k = 0; k < pixels.length; k++) {
                data[k] = (byte) pixels[k];
            }
        }
        return encode(img);
    }

    /** An 8-bit mask PNG: 255 where mask is 1, as in the COVID-19 Radiography Database. */
    static byte[] mask(byte[] mask, int n) {
        BufferedImage img = new BufferedImage(n, n, BufferedImage.TYPE_BYTE_GRAY);
        byte[] data = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        for (int k = 0; k < mask.length; k++) {
            data[k] = mask[k] != 0 ? (byte) 255 : 0;
        }
        return encode(img);
    }

    private static byte[] encode(BufferedImage img) {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
        ImageWriter writer = writers.next();
        // A memory-cached stream: ImageIO's default would spill through a temporary file per image.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(img.getWidth() * img.getHeight());
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(img);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
