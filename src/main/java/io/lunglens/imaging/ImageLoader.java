package io.lunglens.imaging;

import io.lunglens.imaging.dicom.DicomReader;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;

/**
 * Loads PNG, JPEG, BMP, GIF, TIFF and DICOM files as {@link XrayImage}s. The format comes from the content.
 * Sizes are checked from the header before any pixel is decoded, so a hostile header cannot exhaust memory.
 * {@link #load} reads every pixel (for anything shown); {@link #loadForModel} reads a large film at reduced
 * resolution for a model, which needs far fewer pixels than the file has.
 */
public final class ImageLoader {

    /** Largest side accepted; the biggest detector panels are about 4,300 pixels. */
    public static final int MAX_SIDE = 16_384;
    /** Largest pixel count accepted (about 256 MB as int pixels). */
    public static final long MAX_PIXELS = 64L * 1024 * 1024;
    /**
     * The shorter side a model's decode keeps, in model input sides. Measured (BENCHMARKS.md, batch scan) on 30 films
     * enlarged to 2000-4300 px, 224² input: at 3 the model input differs from a full decode by a mean of 0.0009, 0.0042
     * with detector-like noise added; at 2 the noisy mean reaches 0.0062, and 4 costs up to 1.2× the decode time of 3.
     */
    public static final int MODEL_DECODE_MARGIN = 3;

    private ImageLoader() {
    }

    /** Every pixel of the file: for anything that shows pixels. */
    public static XrayImage load(Path file) throws ImageLoadException {
        return loadReduced(file, Integer.MAX_VALUE).image();
    }

    /**
     * The file as a model of input side {@code inputSize} needs it: a file much larger than the input is read at
     * every step-th pixel (see {@link #loadReduced}), keeping at least {@value #MODEL_DECODE_MARGIN} input sides on
     * its shorter side. {@link ModelInput#toTensorData} of the result matches that of {@link #load} within a small
     * tolerance (ReducedDecodeTest), at a fraction of the decoding time and memory for large films.
     */
    public static ReducedImage loadForModel(Path file, int inputSize) throws ImageLoadException {
        if (inputSize <= 0) {
            throw new IllegalArgumentException("input size must be positive, was " + inputSize);
        }
        return loadReduced(file, MODEL_DECODE_MARGIN * inputSize);
    }

    /**
     * Decodes every step-th pixel of each axis, with the largest step that leaves the shorter side at least
     * {@code minSide} pixels (1, all pixels, for a file smaller than that). PNG, JPEG, BMP, GIF and TIFF skip the rest
     * in the decoder (ImageIO source subsampling); DICOM is decoded in full and then sampled on the same grid.
     */
    public static ReducedImage loadReduced(Path file, int minSide) throws ImageLoadException {
        ImageFormat format = detect(file);
        try {
            if (format == ImageFormat.DICOM) {
                XrayImage full = DicomReader.read(file);
                return ReducedImage.of(full, step(full.width(), full.height(), minSide));
            }
            return readWithImageIo(file, format, minSide);
        } catch (OutOfMemoryError e) {
            // An image within the size limits can still need more than the heap has left; its arrays are garbage
            // once this returns, so the file gets its one line and the caller goes on.
            throw new ImageLoadException(file, "not enough memory to decode this " + format + " image (Java heap of "
                    + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB; set LUNGLENS_XMX to raise it)", e);
        }
    }

    /** Recognises the format of a file from its first bytes. */
    public static ImageFormat detect(Path file) throws ImageLoadException {
        if (Files.isDirectory(file)) {
            throw new ImageLoadException(file, "is a folder, not an image file");
        }
        byte[] head = new byte[ImageFormat.HEAD_BYTES];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (NoSuchFileException e) {
            throw new ImageLoadException(file, "no such file");
        } catch (IOException e) {
            throw new ImageLoadException(file, "cannot read: " + e.getMessage(), e);
        }
        if (n == 0) {
            throw new ImageLoadException(file, "empty file (0 bytes)");
        }
        return ImageFormat.sniff(head, n).orElseThrow(() -> new ImageLoadException(file,
                "not a supported image: content is not PNG, JPEG, BMP, GIF, TIFF or DICOM"));
    }

    /** Rejects sizes that are absurd for a radiograph before memory is spent on them. */
    public static void checkSize(Path file, long width, long height) throws ImageLoadException {
        if (width <= 0 || height <= 0) {
            throw new ImageLoadException(file, "invalid size " + width + "x" + height);
        }
        if (width > MAX_SIDE || height > MAX_SIDE || width * height > MAX_PIXELS) {
            throw new ImageLoadException(file, "image too large: " + width + "x" + height
                    + " (limit " + MAX_SIDE + " per side, " + MAX_PIXELS / (1024 * 1024) + " megapixels)");
        }
    }

    /** The step {@link #loadReduced} takes: the largest that keeps the shorter side at least minSide pixels. */
    public static int step(int width, int height, int minSide) {
        return Math.max(1, Math.min(width, height) / Math.max(1, minSide));
    }

    private static ReducedImage readWithImageIo(Path file, ImageFormat format, int minSide)
            throws ImageLoadException {
        if (format == ImageFormat.TIFF) {
            TiffCheck.check(file);
        }
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.imageIoName());
        if (!readers.hasNext()) {
            throw new ImageLoadException(file, "no decoder for " + format + " on the classpath");
        }
        ImageReader reader = readers.next();
        List<String> warnings = new ArrayList<>();
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            reader.setInput(in, true, true);
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            checkSize(file, width, height);
            reader.addIIOReadWarningListener(collect(warnings));
            int step = step(width, height, minSide);
            ImageReadParam param = reader.getDefaultReadParam();
            if (step > 1) {
                param.setSourceSubsampling(step, step, ReducedImage.offset(step), ReducedImage.offset(step));
            }
            BufferedImage img = reader.read(0, param);
            String truncated = warnings.stream()
                    .filter(w -> w.toLowerCase(Locale.ROOT).matches(".*(premature|truncat|corrupt|end of).*"))
                    .findFirst().orElse(null);
            if (truncated != null) {
                throw new ImageLoadException(file, "damaged " + format + ": " + truncated);
            }
            return new ReducedImage(toXray(img, file, format), width, height, step);
        } catch (ImageLoadException e) {
            throw e;
        } catch (RuntimeException e) {
            if (minSide < Integer.MAX_VALUE) {
                // Some decoders fail at subsampling a good file (TwelveMonkeys' TIFF reader at some widths): read it
                // all and sample it on the same grid; a file that fails in full too is damaged.
                XrayImage full = readWithImageIo(file, format, Integer.MAX_VALUE).image();
                return ReducedImage.of(full, step(full.width(), full.height(), minSide));
            }
            throw new ImageLoadException(file, "damaged or truncated " + format + ": " + describe(e), e);
        } catch (IOException e) {
            throw new ImageLoadException(file, "damaged or truncated " + format + ": " + describe(e), e);
        } finally {
            reader.dispose();
        }
    }

    private static IIOReadWarningListener collect(List<String> warnings) {
        return (source, warning) -> warnings.add(warning);
    }

    private static String describe(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t && (t.getMessage() == null || t.getMessage().isBlank())) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** Gray stays at its bit depth; colour and palette become luminance (Rec. 601 weights). */
    static XrayImage toXray(BufferedImage img, Path file, ImageFormat format) {
        int w = img.getWidth();
        int h = img.getHeight();
        Raster raster = img.getRaster();
        ColorModel cm = img.getColorModel();
        int bands = raster.getNumBands();
        int bits = raster.getSampleModel().getSampleSize(0);
        int[] px = new int[w * h];
        int depth;
        if (cm instanceof IndexColorModel icm) {
            int[] lut = paletteLuminance(icm);
            raster.getSamples(0, 0, w, h, 0, px);
            for (int i = 0; i < px.length; i++) {
                px[i] = lut[px[i]];
            }
            depth = 8;
        } else if (bands <= 2) {
            // Gray, or gray + alpha: band 0 holds the gray value at its real depth.
            raster.getSamples(0, 0, w, h, 0, px);
            depth = Math.max(1, Math.min(16, bits));
            if (depth < 8) {
                int scale = 255 / ((1 << depth) - 1);
                for (int i = 0; i < px.length; i++) {
                    px[i] *= scale;
                }
                depth = 8;
            }
        } else {
            int[] r = raster.getSamples(0, 0, w, h, 0, (int[]) null);
            int[] g = raster.getSamples(0, 0, w, h, 1, (int[]) null);
            int[] b = raster.getSamples(0, 0, w, h, 2, (int[]) null);
            for (int i = 0; i < px.length; i++) {
                px[i] = Luminance.rec601(r[i], g[i], b[i]);
            }
            depth = raster.getTransferType() == DataBuffer.TYPE_USHORT ? 16 : 8;
        }
        return new XrayImage(w, h, depth, px, Photometric.MONOCHROME2, ImageInfo.plain(file, format.name()));
    }

    private static int[] paletteLuminance(IndexColorModel icm) {
        int[] lut = new int[1 << Math.max(1, icm.getPixelSize())];
        for (int i = 0; i < lut.length; i++) {
            int idx = Math.min(i, icm.getMapSize() - 1);
            lut[i] = Luminance.rec601(icm.getRed(idx), icm.getGreen(idx), icm.getBlue(idx));
        }
        return lut;
    }
}
