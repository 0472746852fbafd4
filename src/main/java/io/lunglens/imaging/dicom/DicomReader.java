package io.lunglens.imaging.dicom;

import io.lunglens.imaging.ImageInfo;
import io.lunglens.imaging.ImageLoadException;
import io.lunglens.imaging.Photometric;
import io.lunglens.imaging.XrayImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads single-frame grayscale DICOM images: native (implicit/explicit VR, little/big endian, deflated),
 * RLE Lossless, JPEG baseline and lossless, JPEG 2000. Everything else is refused with a reason.
 * Stored values are kept as they are (no rescale, no MONOCHROME1 inversion); see docs/dicom.md.
 */
public final class DicomReader {

    /** Largest file read into memory. */
    static final long MAX_FILE_BYTES = 1L << 30;
    /** Largest image: 64 Mi pixels (e.g. 8192x8192) is far above any radiograph, and its int[] is 256 MiB. */
    static final long MAX_PIXELS = 64L << 20;
    /** Largest inflated data set of a deflated file: a maximal 16-bit image plus room for the header. */
    static final long MAX_INFLATED = 2 * MAX_PIXELS + (16 << 20);

    private DicomReader() {
    }

    /**
     * True when the first bytes of a file look like DICOM: Part 10 ("DICM" at offset 128) or a bare data set
     * starting with a plausible group 0x0008 element.
     */
    public static boolean looksLikeDicom(byte[] head, int length) {
        int n = Math.min(length, head.length);
        return DicomParser.hasPreamble(head, n) || DicomParser.startsLikeRawDataSet(head, n);
    }

    /** True when "DICM" follows the 128-byte preamble: a Part 10 file, whatever its preamble holds. */
    public static boolean hasDicmMarker(byte[] head, int length) {
        return DicomParser.hasPreamble(head, Math.min(length, head.length));
    }

    /** Reads a DICOM file; any file it cannot show faithfully gives a one-line reason naming the file. */
    public static XrayImage read(Path file) throws ImageLoadException {
        byte[] bytes = readBounded(file);
        try {
            DicomHeader h = DicomParser.parse(bytes, MAX_INFLATED);
            return toImage(file, h);
        } catch (DicomException e) {
            throw new ImageLoadException(file, e.getMessage());
        }
    }

    private static byte[] readBounded(Path file) throws ImageLoadException {
        try {
            long size = Files.size(file);
            if (size == 0) {
                throw new ImageLoadException(file, "empty file");
            }
            if (size > MAX_FILE_BYTES) {
                throw new ImageLoadException(file, "file of " + size + " bytes is larger than the "
                        + MAX_FILE_BYTES + " bytes a DICOM image may have here");
            }
            byte[] bytes = Files.readAllBytes(file);
            if (bytes.length > MAX_FILE_BYTES) {
                throw new ImageLoadException(file, "file grew beyond " + MAX_FILE_BYTES + " bytes while being read");
            }
            return bytes;
        } catch (IOException e) {
            throw new ImageLoadException(file, "cannot read file: " + e.getClass().getSimpleName(), e);
        }
    }

    private static XrayImage toImage(Path file, DicomHeader h) throws DicomException {
        Photometric photometric = checkImage(h);
        int pixels = h.rows * h.columns;
        int[] words = switch (h.transferSyntax.codec) {
            case NATIVE -> nativeWords(h, pixels);
            case RLE -> RleDecoder.decode(frame(h), pixels, h.bitsAllocated / 8);
            case JPEG -> ImageIoDecoder.decode(frame(h), "jpeg", h.columns, h.rows);
            case J2K -> ImageIoDecoder.decode(frame(h), "jpeg2000", h.columns, h.rows);
            case REFUSED -> throw new IllegalStateException("refused syntaxes stop in the parser");
        };
        int[] values = storedValues(words, h.bitsStored, h.highBit, h.pixelRepresentation == 1);
        Map<String, String> ids = new HashMap<>();
        if (h.patientName != null && !h.patientName.isEmpty()) {
            ids.put("PatientName", h.patientName);
        }
        if (h.patientId != null && !h.patientId.isEmpty()) {
            ids.put("PatientID", h.patientId);
        }
        ImageInfo info = new ImageInfo(file, "DICOM", firstNumber(h.windowCenter, Double.NaN),
                firstNumber(h.windowWidth, Double.NaN), rescaleSlope(h.rescaleSlope),
                firstNumber(h.rescaleIntercept, 0.0), h.transferSyntax.uid, ids);
        return new XrayImage(h.columns, h.rows, h.bitsStored, values, photometric, info);
    }

    /** Refuses what this reader cannot show faithfully, before any pixel memory is allocated. */
    private static Photometric checkImage(DicomHeader h) throws DicomException {
        if (!h.pixelDataFound) {
            throw new DicomException("no pixel data (not an image)");
        }
        if (h.numberOfFrames != null && !h.numberOfFrames.isEmpty() && !h.numberOfFrames.equals("1")) {
            throw new DicomException("unsupported multi-frame image (NumberOfFrames "
                    + DicomParser.printable(h.numberOfFrames) + ")");
        }
        if (h.samplesPerPixel != DicomHeader.ABSENT && h.samplesPerPixel != 1) {
            throw new DicomException("unsupported colour image (SamplesPerPixel " + h.samplesPerPixel + ")");
        }
        Photometric photometric;
        if (h.photometric == null || h.photometric.isEmpty() || h.photometric.equals("MONOCHROME2")) {
            photometric = Photometric.MONOCHROME2;
        } else if (h.photometric.equals("MONOCHROME1")) {
            photometric = Photometric.MONOCHROME1;
        } else {
            throw new DicomException("unsupported colour image (PhotometricInterpretation "
                    + DicomParser.printable(h.photometric) + ")");
        }
        if (h.rows == DicomHeader.ABSENT || h.columns == DicomHeader.ABSENT) {
            throw new DicomException("Rows or Columns missing");
        }
        if (h.rows == 0 || h.columns == 0) {
            throw new DicomException("empty image " + h.columns + "x" + h.rows);
        }
        if ((long) h.rows * h.columns > MAX_PIXELS) {
            throw new DicomException("unsupported image size " + h.columns + "x" + h.rows
                    + " (more than " + MAX_PIXELS + " pixels)");
        }
        if (h.bitsAllocated != 8 && h.bitsAllocated != 16) {
            throw new DicomException("unsupported BitsAllocated " + h.bitsAllocated + " (8 or 16 are read)");
        }
        if (h.bitsStored == DicomHeader.ABSENT) {
            h.bitsStored = h.bitsAllocated;
        }
        if (h.highBit == DicomHeader.ABSENT) {
            h.highBit = h.bitsStored - 1;
        }
        if (h.bitsStored < 1 || h.bitsStored > h.bitsAllocated || h.highBit < h.bitsStored - 1
                || h.highBit >= h.bitsAllocated) {
            throw new DicomException("inconsistent BitsAllocated " + h.bitsAllocated + ", BitsStored "
                    + h.bitsStored + ", HighBit " + h.highBit);
        }
        if (h.pixelRepresentation != DicomHeader.ABSENT && h.pixelRepresentation != 0
                && h.pixelRepresentation != 1) {
            throw new DicomException("invalid PixelRepresentation " + h.pixelRepresentation);
        }
        if (h.transferSyntax.encapsulated() && !h.encapsulated) {
            throw new DicomException("pixel data is not encapsulated as " + h.transferSyntax.title + " requires");
        }
        if (!h.transferSyntax.encapsulated() && h.encapsulated) {
            throw new DicomException("encapsulated pixel data in " + h.transferSyntax.title);
        }
        if (h.encapsulated && h.fragments.isEmpty()) {
            throw new DicomException("encapsulated pixel data has no fragments");
        }
        return photometric;
    }

    private static int[] nativeWords(DicomHeader h, int pixels) throws DicomException {
        int bytesPerPixel = h.bitsAllocated / 8;
        long expected = (long) pixels * bytesPerPixel;
        // A value of odd size carries one pad byte (PS3.5 7.1.1).
        if (h.pixelLength != expected && !(expected % 2 == 1 && h.pixelLength == expected + 1)) {
            throw new DicomException("pixel data has " + h.pixelLength + " bytes but " + h.columns + "x" + h.rows
                    + "x" + bytesPerPixel + " needs " + expected);
        }
        byte[] b = h.data;
        int at = h.pixelOffset;
        int[] words = new int[pixels];
        boolean big = h.transferSyntax.bigEndian;
        if (bytesPerPixel == 2) {
            for (int i = 0; i < pixels; i++, at += 2) {
                int lo = b[at] & 0xFF;
                int hi = b[at + 1] & 0xFF;
                words[i] = big ? lo << 8 | hi : hi << 8 | lo;
            }
        } else if (big && "OW".equals(h.pixelVr)) {
            // 8-bit samples in a big-endian OW value sit swapped within each 16-bit word.
            for (int i = 0; i < pixels; i++) {
                words[i] = b[at + (i ^ 1)] & 0xFF;
            }
        } else {
            for (int i = 0; i < pixels; i++) {
                words[i] = b[at + i] & 0xFF;
            }
        }
        return words;
    }

    /** The fragments of the single frame, concatenated. */
    private static byte[] frame(DicomHeader h) throws DicomException {
        long total = 0;
        for (int[] f : h.fragments) {
            total += f[1];
        }
        if (total > MAX_FILE_BYTES) {
            throw new DicomException("encapsulated pixel data too large");
        }
        byte[] out = new byte[(int) total];
        int at = 0;
        for (int[] f : h.fragments) {
            System.arraycopy(h.data, f[0], out, at, f[1]);
            at += f[1];
        }
        return out;
    }

    /** Keeps bits [highBit-bitsStored+1 .. highBit] of each word, sign-extended for signed data. */
    static int[] storedValues(int[] words, int bitsStored, int highBit, boolean signed) {
        int shift = highBit + 1 - bitsStored;
        int mask = (1 << bitsStored) - 1;
        int signBit = 1 << (bitsStored - 1);
        for (int i = 0; i < words.length; i++) {
            int v = (words[i] >>> shift) & mask;
            words[i] = signed && (v & signBit) != 0 ? v - (1 << bitsStored) : v;
        }
        return words;
    }

    /** The first value of a multi-valued DS, or the fallback when absent or not a finite number. */
    private static double firstNumber(String ds, double fallback) {
        if (ds == null) {
            return fallback;
        }
        int cut = ds.indexOf('\\');
        try {
            double v = Double.parseDouble((cut >= 0 ? ds.substring(0, cut) : ds).strip());
            return Double.isFinite(v) ? v : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** A zero slope would flatten the image; treat it like a missing one (identity). */
    private static double rescaleSlope(String ds) {
        double slope = firstNumber(ds, 1.0);
        return slope == 0 ? 1.0 : slope;
    }
}
