package io.lunglens.imaging.dicom;

import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes one JPEG or JPEG 2000 frame with the ImageIO plugins on the class path, at its real bit depth.
 * Samples come as the codestream holds them (a raster, no colour conversion by the plugin).
 */
final class ImageIoDecoder {

    private ImageIoDecoder() {
    }

    /**
     * Returns the frame's samples, one row-major plane per sample. Readers are tried in registry order (TwelveMonkeys puts its
     * JPEG reader, which also does lossless JPEG, before the JDK's); the first that decodes the frame wins.
     *
     * @param format the ImageIO format name: "jpeg" or "jpeg2000"
     */
    static int[][] decode(byte[] frame, String format, int columns, int rows, int samples) throws DicomException {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
        if (!readers.hasNext()) {
            throw new DicomException("unsupported: no " + format + " decoder installed");
        }
        DicomException failure = null;
        while (readers.hasNext()) {
            ImageReader reader = readers.next();
            try {
                return decode(reader, frame, format, columns, rows, samples);
            } catch (DicomException e) {
                if (failure == null) {
                    failure = e;
                }
            } finally {
                reader.dispose();
            }
        }
        throw failure;
    }

    private static int[][] decode(ImageReader reader, byte[] frame, String format, int columns, int rows,
            int samples) throws DicomException {
        // A memory-backed stream: ImageIO's default would spill to a temporary file.
        try (MemoryCacheImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(frame))) {
            reader.setInput(in, true, true);
            int w = reader.getWidth(0);
            int h = reader.getHeight(0);
            // Checked before decoding so that a lying codestream cannot make the codec allocate a huge image.
            if (w != columns || h != rows) {
                throw new DicomException("compressed frame is " + w + "x" + h + " but the header says "
                        + columns + "x" + rows);
            }
            Raster raster = reader.canReadRaster() ? reader.readRaster(0, null) : reader.read(0).getRaster();
            if (raster.getNumBands() != samples) {
                throw new DicomException(format + " frame has " + raster.getNumBands()
                        + " components but the header says " + samples);
            }
            if (raster.getWidth() != columns || raster.getHeight() != rows) {
                throw new DicomException("decoded frame is " + raster.getWidth() + "x" + raster.getHeight()
                        + " but the header says " + columns + "x" + rows);
            }
            int[][] planes = new int[samples][];
            for (int s = 0; s < samples; s++) {
                planes[s] = raster.getSamples(raster.getMinX(), raster.getMinY(), columns, rows, s, new int[columns * rows]);
            }
            return planes;
        } catch (IOException | RuntimeException e) {
            // Codecs report corrupt streams with all kinds of runtime exceptions.
            String detail = e.getMessage() == null ? e.getClass().getSimpleName() : DicomParser.printable(e.getMessage());
            throw new DicomException("corrupt " + format + " pixel data: " + detail);
        }
    }
}
