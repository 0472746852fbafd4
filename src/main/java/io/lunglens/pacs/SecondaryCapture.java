package io.lunglens.pacs;

import java.awt.image.BufferedImage;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * A result as a DICOM Secondary Capture image (RGB, 8 bits), placed in the source film's study as a new series, so
 * that a PACS viewer shows it beside the film. Patient and study attributes are copied from the source; the series
 * and instance get new UIDs.
 */
public final class SecondaryCapture {

    public static final String SOP_CLASS = "1.2.840.10008.5.1.4.1.1.7";
    /** Series numbers of results sit far above a modality's own, so they sort after the films. */
    static final String SERIES_NUMBER = "9001";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HHmmss");

    /**
     * What one written image holds.
     *
     * @param bytes       the Part 10 file
     * @param seriesUid   its new Series Instance UID
     * @param instanceUid its new SOP Instance UID
     */
    public record Written(byte[] bytes, String seriesUid, String instanceUid) {
    }

    private SecondaryCapture() {
    }

    /**
     * @param picture       what is shown, text burned in
     * @param source        the film's patient and study
     * @param description   the series description: what this image is
     * @param comments      image comments (the model's name, version and checksum)
     * @param software      the writing software's name and version
     */
    public static Written write(BufferedImage picture, SourceStudy source, String description, String comments,
                                String software) {
        String series = Uids.create();
        String instance = Uids.create();
        LocalDateTime now = LocalDateTime.now();
        DicomWriter w = new DicomWriter()
                .text(0x00080005, "CS", "ISO_IR 192")
                .text(0x00080008, "CS", "DERIVED\\SECONDARY")
                .text(0x00080012, "DA", DATE.format(now))
                .text(0x00080013, "TM", TIME.format(now))
                .text(0x00080016, "UI", SOP_CLASS)
                .text(0x00080018, "UI", instance)
                .text(0x00080020, "DA", source.studyDate())
                .text(0x00080023, "DA", DATE.format(now))
                .text(0x00080030, "TM", source.studyTime())
                .text(0x00080033, "TM", TIME.format(now))
                .text(0x00080050, "SH", source.accession())
                .text(0x00080060, "CS", "OT")
                .text(0x00080064, "CS", "WSD")
                .text(0x00080090, "PN", source.referringPhysician())
                .text(0x0008103E, "LO", description)
                .text(0x00100010, "PN", source.patientName())
                .text(0x00100020, "LO", source.patientId())
                .text(0x00100030, "DA", source.birthDate())
                .text(0x00100040, "CS", source.sex())
                .text(0x00181016, "LO", "LungLens")
                .text(0x00181018, "LO", "LungLens")
                .text(0x00181019, "LO", software)
                .text(0x0020000D, "UI", source.studyUid())
                .text(0x0020000E, "UI", series)
                .text(0x00200010, "SH", source.studyId())
                .text(0x00200011, "IS", SERIES_NUMBER)
                .text(0x00200013, "IS", "1")
                .text(0x00200020, "CS", "")
                .text(0x00200060, "CS", "")
                .text(0x00204000, "LT", comments)
                .us(0x00280002, 3)
                .text(0x00280004, "CS", "RGB")
                .us(0x00280006, 0)
                .us(0x00280010, picture.getHeight())
                .us(0x00280011, picture.getWidth())
                .us(0x00280100, 8)
                .us(0x00280101, 8)
                .us(0x00280102, 7)
                .us(0x00280103, 0)
                .text(0x00280301, "CS", "YES")
                .binary(0x7FE00010, "OB", rgb(picture));
        return new Written(w.toPart10(SOP_CLASS, instance), series, instance);
    }

    /** Pixel data: R, G, B bytes per pixel, row by row (planar configuration 0). */
    private static byte[] rgb(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        if (w > 0xFFFF || h > 0xFFFF) {
            throw new IllegalArgumentException("image too large for DICOM: " + w + "x" + h);
        }
        byte[] out = new byte[w * h * 3];
        int[] row = new int[w];
        int i = 0;
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int p : row) {
                out[i++] = (byte) (p >>> 16);
                out[i++] = (byte) (p >>> 8);
                out[i++] = (byte) p;
            }
        }
        return out;
    }
}
