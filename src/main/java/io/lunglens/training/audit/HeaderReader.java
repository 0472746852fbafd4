package io.lunglens.training.audit;

import io.lunglens.imaging.FileHash;
import io.lunglens.imaging.ImageFormat;
import io.lunglens.imaging.ImageLoadException;
import io.lunglens.imaging.dicom.DicomReader;
import io.lunglens.imaging.dicom.DicomSummary;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;

/** Reads a file's header (PNG IHDR, JPEG SOF, DICOM attributes, ImageIO metadata) and hashes it; never decodes pixels. */
final class HeaderReader {

    private HeaderReader() {
    }

    /** The file's metadata; an IOException whose message is one line saying why the file is unreadable. */
    static FileMeta read(Path f) throws IOException {
        byte[] head = new byte[ImageFormat.HEAD_BYTES];
        int n;
        try (InputStream in = Files.newInputStream(f)) {
            n = in.readNBytes(head, 0, head.length);
        }
        ImageFormat format = ImageFormat.sniff(head, n)
                .orElseThrow(() -> new IOException(n == 0 ? "empty file" : "not a recognised image format"));
        long size = Files.size(f);
        if (format == ImageFormat.DICOM) {
            return dicom(f, size);
        }
        int[] h = switch (format) {
            case PNG -> png(head, n);
            case JPEG -> jpeg(f);
            default -> imageIo(f, format);
        };
        return new FileMeta(f, format.name(), h[0], h[1], h[2], h[3], size, FileHash.sha256(f), "", "");
    }

    /** The project's DICOM parser reads the header; pixels are not decoded. */
    private static FileMeta dicom(Path f, long size) throws IOException {
        try {
            DicomSummary d = DicomReader.summary(f);
            String device = (d.manufacturer() + " / " + d.station()).strip();
            return new FileMeta(f, "DICOM", d.columns(), d.rows(), d.bitsStored(), d.samplesPerPixel(), size,
                    FileHash.sha256(f), d.photometric(), device.equals("/") ? "" : device);
        } catch (ImageLoadException e) {
            throw new IOException(e.getMessage().substring(f.toString().length() + 2));
        }
    }

    /** IHDR is always the first chunk: width and height at 16 and 20, bit depth at 24, colour type at 25. */
    private static int[] png(byte[] b, int n) throws IOException {
        if (n < 26 || b[12] != 'I' || b[13] != 'H' || b[14] != 'D' || b[15] != 'R') {
            throw new IOException("PNG without an IHDR chunk");
        }
        return new int[] {int32(b, 16), int32(b, 20), b[24] & 0xFF, b[25] & 0xFF};
    }

    /** Walks the JPEG markers up to the first start-of-frame; skips segments without reading entropy data. */
    private static int[] jpeg(Path f) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(f)))) {
            in.skipNBytes(2);
            while (true) {
                int m = in.readUnsignedByte();
                if (m != 0xFF) {
                    throw new IOException("JPEG marker expected, found byte " + m);
                }
                int marker = in.readUnsignedByte();
                while (marker == 0xFF) {
                    marker = in.readUnsignedByte();
                }
                if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) {
                    continue;
                }
                if (marker == 0xD9 || marker == 0xDA) {
                    throw new IOException("JPEG without a frame header");
                }
                int len = in.readUnsignedShort();
                if (isSof(marker)) {
                    int precision = in.readUnsignedByte();
                    int height = in.readUnsignedShort();
                    int width = in.readUnsignedShort();
                    return new int[] {width, height, precision, in.readUnsignedByte()};
                }
                in.skipNBytes(len - 2);
            }
        } catch (EOFException e) {
            throw new IOException("JPEG ends before its frame header");
        }
    }

    private static boolean isSof(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    /** Other formats: the ImageIO reader's width, height and raw type, which read the header only. */
    private static int[] imageIo(Path f, ImageFormat format) throws IOException {
        Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName(format.imageIoName());
        if (!it.hasNext()) {
            throw new IOException("no reader for " + format);
        }
        ImageReader r = it.next();
        try (ImageInputStream in = ImageIO.createImageInputStream(f.toFile())) {
            r.setInput(in, true, true);
            int bits = -1;
            int bands = -1;
            ImageTypeSpecifier t = r.getRawImageType(0);
            if (t != null) {
                bits = t.getSampleModel().getSampleSize(0);
                bands = t.getNumBands();
            }
            return new int[] {r.getWidth(0), r.getHeight(0), bits, bands};
        } catch (RuntimeException e) {
            throw new IOException(format + " header: " + e.getClass().getSimpleName());
        } finally {
            r.dispose();
        }
    }

    private static int int32(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }
}
