package io.lunglens.imaging.dicom;

import io.lunglens.imaging.ImageInfo;
import io.lunglens.imaging.ImageLoadException;
import io.lunglens.imaging.Luminance;
import io.lunglens.imaging.Photometric;
import io.lunglens.imaging.XrayImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads DICOM images: native (implicit/explicit VR, little/big endian, deflated), RLE Lossless, JPEG baseline
 * and lossless, JPEG-LS lossless (grayscale), JPEG 2000. Gray values are kept as stored (no rescale, no MONOCHROME1 inversion); colour
 * becomes Rec. 601 luma and a multi-frame image gives its first frame, each with a note in
 * {@link ImageInfo#notes()}. Everything else is refused with a reason; see docs/dicom.md.
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

    /**
     * The header attributes the data audit compares, without decoding pixels (the file is read and parsed, which
     * costs about what hashing it does).
     */
    public static DicomSummary summary(Path file) throws ImageLoadException {
        try {
            DicomHeader h = DicomParser.parse(readBounded(file), MAX_INFLATED);
            return new DicomSummary(h.rows, h.columns, h.bitsStored, h.samplesPerPixel, orEmpty(h.photometric),
                    orEmpty(h.manufacturer), orEmpty(h.station));
        } catch (DicomException e) {
            throw new ImageLoadException(file, e.getMessage());
        }
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
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
        Layout layout = checkImage(h);
        int[][] planes = decode(h, layout);
        for (int[] plane : planes) {
            storedValues(plane, h.bitsStored, h.highBit, h.pixelRepresentation == 1);
        }
        int[] values = planes.length == 1 ? planes[0] : luma(planes);
        Map<String, String> ids = new HashMap<>();
        if (h.patientName != null && !h.patientName.isEmpty()) {
            ids.put("PatientName", h.patientName);
        }
        if (h.patientId != null && !h.patientId.isEmpty()) {
            ids.put("PatientID", h.patientId);
        }
        ImageInfo info = new ImageInfo(file, "DICOM", firstNumber(h.windowCenter, Double.NaN),
                firstNumber(h.windowWidth, Double.NaN), rescaleSlope(h.rescaleSlope),
                firstNumber(h.rescaleIntercept, 0.0), h.transferSyntax.uid, ids, layout.notes(h));
        return new XrayImage(h.columns, h.rows, h.bitsStored, values, layout.photometric, info);
    }

    /** The first frame's samples: one plane for gray or for the Y of YBR, three for RGB. */
    private static int[][] decode(DicomHeader h, Layout layout) throws DicomException {
        int pixels = h.rows * h.columns;
        int planes = layout.lumaInFirstSample ? 1 : layout.samples;
        int[][] decoded = switch (h.transferSyntax.codec) {
            case NATIVE -> FirstFrame.nativePlanes(h, layout.samples, layout.frames, planes,
                    "YBR_FULL_422".equals(h.photometric));
            case RLE -> RleDecoder.decode(FirstFrame.encapsulated(h, layout.frames), pixels, h.bitsAllocated / 8,
                    layout.samples);
            case JPEG -> ImageIoDecoder.decode(FirstFrame.encapsulated(h, layout.frames), "jpeg", h.columns,
                    h.rows, layout.samples);
            case JPEG_LS -> new int[][] {JpegLsDecoder.decode(jpegLsFrame(h, layout), h.columns, h.rows)};
            case J2K -> ImageIoDecoder.decode(FirstFrame.encapsulated(h, layout.frames), "jpeg2000", h.columns,
                    h.rows, layout.samples);
            case REFUSED -> throw new IllegalStateException("refused syntaxes stop in the parser");
        };
        return decoded.length == planes ? decoded : new int[][] {decoded[0]};
    }

    private static byte[] jpegLsFrame(DicomHeader h, Layout layout) throws DicomException {
        if (layout.samples != 1) {
            throw new DicomException("unsupported colour JPEG-LS image");
        }
        return FirstFrame.encapsulated(h, layout.frames);
    }

    /** Rec. 601 luma of R, G, B planes. */
    private static int[] luma(int[][] rgb) {
        int[] out = new int[rgb[0].length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Luminance.rec601(rgb[0][i], rgb[1][i], rgb[2][i]);
        }
        return out;
    }

    /**
     * How the pixel data is laid out and shown.
     *
     * @param lumaInFirstSample YBR_FULL and YBR_FULL_422 hold Rec. 601 luma as their first sample (PS3.3 C.7.6.3.1.2)
     */
    private record Layout(Photometric photometric, int samples, int frames, boolean lumaInFirstSample) {
        List<String> notes(DicomHeader h) {
            List<String> notes = new ArrayList<>();
            if (samples == 3) {
                notes.add("colour (" + h.photometric + ") shown as luminance");
            }
            if (frames > 1) {
                notes.add("first of " + frames + " frames shown");
            }
            if (h.excessPixelBytes > 0) {
                notes.add(h.excessPixelBytes + " bytes after the image in the pixel data ignored");
            }
            return notes;
        }
    }

    /** Refuses what this reader cannot show faithfully, before any pixel memory is allocated. */
    private static Layout checkImage(DicomHeader h) throws DicomException {
        if (!h.pixelDataFound) {
            throw new DicomException("no pixel data (not an image)");
        }
        int frames = frameCount(h.numberOfFrames);
        int samples = h.samplesPerPixel == DicomHeader.ABSENT ? 1 : h.samplesPerPixel;
        Layout layout = layout(h, samples, frames);
        checkSizeAndBits(h);
        if (samples == 3 && h.pixelRepresentation == 1) {
            throw new DicomException("unsupported signed colour image");
        }
        checkEncapsulation(h);
        return layout;
    }

    private static Layout layout(DicomHeader h, int samples, int frames) throws DicomException {
        String pi = h.photometric == null ? "" : h.photometric;
        if (samples == 1 && (pi.isEmpty() || pi.equals("MONOCHROME2"))) {
            return new Layout(Photometric.MONOCHROME2, 1, frames, false);
        }
        if (samples == 1 && pi.equals("MONOCHROME1")) {
            return new Layout(Photometric.MONOCHROME1, 1, frames, false);
        }
        if (samples != 3) {
            throw new DicomException("unsupported image with SamplesPerPixel " + samples + " (PhotometricInterpretation "
                    + DicomParser.printable(pi) + ")");
        }
        boolean ybrFull = pi.equals("YBR_FULL") || pi.equals("YBR_FULL_422");
        if (!ybrFull && !pi.equals("RGB") && !pi.equals("YBR_ICT") && !pi.equals("YBR_RCT")) {
            throw new DicomException("unsupported colour image (PhotometricInterpretation "
                    + DicomParser.printable(pi) + ")");
        }
        if (pi.equals("YBR_FULL_422") && h.transferSyntax.codec == TransferSyntax.Codec.NATIVE
                && (h.planarConfiguration == 1 || h.columns % 2 != 0)) {
            throw new DicomException("unsupported YBR_FULL_422 layout (planar, or an odd number of columns)");
        }
        // Like dcmtk, the header says what the samples are: native, RLE and JPEG (decoded as a raster, without
        // the plugin's colour conversion) keep YBR_FULL's Y; JPEG 2000 decoders undo YBR_ICT/RCT themselves.
        return new Layout(Photometric.MONOCHROME2, 3, frames, ybrFull);
    }

    /** NumberOfFrames (an IS): 1 when absent. */
    private static int frameCount(String numberOfFrames) throws DicomException {
        if (numberOfFrames == null || numberOfFrames.isEmpty()) {
            return 1;
        }
        try {
            int n = Integer.parseInt(numberOfFrames.strip());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new DicomException("invalid NumberOfFrames " + DicomParser.printable(numberOfFrames));
    }

    private static void checkSizeAndBits(DicomHeader h) throws DicomException {
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
    }

    private static void checkEncapsulation(DicomHeader h) throws DicomException {
        if (h.transferSyntax.encapsulated() && !h.encapsulated) {
            throw new DicomException("pixel data is not encapsulated as " + h.transferSyntax.title + " requires");
        }
        if (!h.transferSyntax.encapsulated() && h.encapsulated) {
            throw new DicomException("encapsulated pixel data in " + h.transferSyntax.title);
        }
        if (h.encapsulated && h.fragments.isEmpty()) {
            throw new DicomException("encapsulated pixel data has no fragments");
        }
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
