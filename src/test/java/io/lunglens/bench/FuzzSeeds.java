package io.lunglens.bench;

import io.lunglens.model.HandMadeArchive;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * bench/fuzz.sh's seed corpora: small valid files of each format, written fresh on each run (DICOM seeds are the
 * committed fixtures in src/test/resources/dicom). Usage: FuzzSeeds DIR, which gets png/, jpeg/, tiff/ and torch/.
 */
public final class FuzzSeeds {

    private FuzzSeeds() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        BufferedImage gray8 = gradient(BufferedImage.TYPE_BYTE_GRAY, 16, 255);
        BufferedImage gray16 = gradient(BufferedImage.TYPE_USHORT_GRAY, 12, 65535);
        BufferedImage rgb = gradient(BufferedImage.TYPE_INT_RGB, 8, 0xFFFFFF);
        BufferedImage palette = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_BINARY,
                new IndexColorModel(2, 4, new byte[] {0, 80, (byte) 160, (byte) 255}, new byte[4], new byte[4]));
        BufferedImage argb = gradient(BufferedImage.TYPE_INT_ARGB, 6, 0x7FFFFFFF);
        Map<String, BufferedImage> images = Map.of("gray8", gray8, "gray16", gray16, "rgb", rgb, "palette", palette,
                "argb", argb);
        for (Map.Entry<String, BufferedImage> e : images.entrySet()) {
            write(e.getValue(), "png", null, dir.resolve("png/" + e.getKey() + ".png"));
        }
        write(gray8, "jpeg", null, dir.resolve("jpeg/gray8.jpg"));
        write(rgb, "jpeg", null, dir.resolve("jpeg/rgb.jpg"));
        write(gray8, "jpeg", "progressive", dir.resolve("jpeg/progressive.jpg"));
        for (String compression : new String[] {"None", "LZW", "PackBits", "Deflate"}) {
            write(gray8, "tiff", compression, dir.resolve("tiff/gray8-" + compression + ".tif"));
            write(gray16, "tiff", compression, dir.resolve("tiff/gray16-" + compression + ".tif"));
        }
        write(rgb, "tiff", "LZW", dir.resolve("tiff/rgb-LZW.tif"));
        write(palette, "tiff", "None", dir.resolve("tiff/palette.tif"));
        torch(dir.resolve("torch"));
    }

    private static BufferedImage gradient(int type, int size, int max) {
        BufferedImage img = new BufferedImage(size, size, type);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                img.getRaster().setSample(x, y, 0, (long) max * (x + y) / (2 * size - 2));
            }
        }
        return img;
    }

    /** mode: a TIFF compression type, "progressive" for JPEG, or null for the writer's default. */
    private static void write(BufferedImage img, String format, String mode, Path f) throws IOException {
        Files.createDirectories(f.getParent());
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(format);
        ImageWriter w = writers.next();
        ImageWriteParam p = w.getDefaultWriteParam();
        if ("progressive".equals(mode)) {
            p.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        } else if ("None".equals(mode)) {
            p.setCompressionMode(ImageWriteParam.MODE_DISABLED);
        } else if (mode != null) {
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            if (!List.of(p.getCompressionTypes()).contains(mode)) {
                System.err.println("no seed " + f + ": " + w + " has no compression " + mode);
                return;
            }
            p.setCompressionType(mode);
        }
        Files.deleteIfExists(f);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(f.toFile())) {
            w.setOutput(out);
            w.write(null, new IIOImage(img, null, null), p);
        } finally {
            w.dispose();
        }
    }

    private static void torch(Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, byte[]> flat = new LinkedHashMap<>();
        flat.put("data.pkl", HandMadeArchive.stateDict("2,3", "3,1"));
        flat.put("data/0", HandMadeArchive.floats(1, 2, 3, 4, 5, 6));
        HandMadeArchive.write(dir.resolve("state-dict.pt"), flat, true);
        Map<String, byte[]> module = new LinkedHashMap<>();
        module.put("data.pkl", HandMadeArchive.module());
        module.put("byteorder", "little".getBytes(StandardCharsets.US_ASCII));
        module.put("data/0", new byte[] {0, 0x3c, 0, (byte) 0xc0, 0, 0x38, 0, 0});
        HandMadeArchive.write(dir.resolve("module.pt"), module, true);
    }
}
