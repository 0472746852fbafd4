package io.lunglens.imaging;

import io.lunglens.imaging.dicom.DicomReader;
import java.util.Locale;
import java.util.Optional;

/** The file formats LungLens reads, recognised from the first bytes of a file, never from its name. */
public enum ImageFormat {
    PNG("png"),
    JPEG("jpeg"),
    BMP("bmp"),
    GIF("gif"),
    TIFF("tiff"),
    DICOM("dicom");

    /** How many leading bytes {@link #sniff} needs to see. */
    public static final int HEAD_BYTES = 512;

    private final String imageIoName;

    ImageFormat(String imageIoName) {
        this.imageIoName = imageIoName;
    }

    /** The ImageIO format name of the decoder. */
    public String imageIoName() {
        return imageIoName;
    }

    public static Optional<ImageFormat> sniff(byte[] head, int n) {
        // First: a DICOM preamble may itself start with a TIFF header (a dual-personality file, PS3.10 7.5).
        if (DicomReader.hasDicmMarker(head, n)) return Optional.of(DICOM);
        if (starts(head, n, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) return Optional.of(PNG);
        if (starts(head, n, 0xFF, 0xD8, 0xFF)) return Optional.of(JPEG);
        if (starts(head, n, 'G', 'I', 'F', '8')) return Optional.of(GIF);
        if (starts(head, n, 'I', 'I', 42, 0) || starts(head, n, 'M', 'M', 0, 42)) return Optional.of(TIFF);
        if (starts(head, n, 'B', 'M') && n >= 26) return Optional.of(BMP);
        if (DicomReader.looksLikeDicom(head, n)) return Optional.of(DICOM);
        return Optional.empty();
    }

    /** True when a file name has an extension that usually means an image; used to report broken ones. */
    public static boolean hasImageExtension(String fileName) {
        String f = fileName.toLowerCase(Locale.ROOT);
        int dot = f.lastIndexOf('.');
        String ext = dot < 0 ? "" : f.substring(dot + 1);
        return switch (ext) {
            case "png", "jpg", "jpeg", "bmp", "gif", "tif", "tiff", "dcm", "dicom", "dic" -> true;
            default -> false;
        };
    }

    private static boolean starts(byte[] head, int n, int... magic) {
        if (n < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((head[i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
