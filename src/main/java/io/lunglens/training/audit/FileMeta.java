package io.lunglens.training.audit;

import java.nio.file.Path;

/**
 * What a file's header says, read without decoding its pixels.
 *
 * @param file       the file
 * @param format     PNG, JPEG, DICOM, ... as sniffed from its first bytes
 * @param width      pixels; -1 when the header does not give it cheaply (DICOM here)
 * @param height     pixels; -1 likewise
 * @param bitDepth   bits per sample (PNG bit depth, JPEG precision); -1 when unknown
 * @param colourType PNG colour type, JPEG component count, ImageIO band count; -1 when unknown
 * @param bytes      file size
 * @param sha256     hash of the whole file, for exact duplicates
 * @param photometric DICOM photometric interpretation; "" for other formats
 * @param device     DICOM manufacturer and station name ("" for other formats): a hospital's machine can mark a class
 */
public record FileMeta(Path file, String format, int width, int height, int bitDepth, int colourType, long bytes,
                       String sha256, String photometric, String device) {

    /** width / height, or -1 when the size is unknown. */
    public double aspect() {
        return width > 0 && height > 0 ? (double) width / height : -1;
    }

    /** "1024×1024", or "unknown size". */
    public String size() {
        return width > 0 ? width + "×" + height : "unknown size";
    }
}
