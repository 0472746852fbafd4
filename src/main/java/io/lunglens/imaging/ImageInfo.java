package io.lunglens.imaging;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where an image came from and how to read its values.
 *
 * @param source          the file
 * @param format          "PNG", "JPEG", "BMP", "GIF", "TIFF" or "DICOM"
 * @param windowCenter    the file's own window center in modality units, or NaN when it has none
 * @param windowWidth     the file's own window width in modality units, or NaN when it has none
 * @param rescaleSlope    modality value = stored value * slope + intercept
 * @param rescaleIntercept see rescaleSlope
 * @param transferSyntax  the DICOM transfer syntax UID, or "" for other formats
 * @param identifiers     patient identifiers (DICOM PatientName, PatientID); kept apart so nothing prints them by accident
 * @param notes           what the reader changed to show the file, one short sentence each (e.g. "first of 4 frames")
 */
public record ImageInfo(
        Path source,
        String format,
        double windowCenter,
        double windowWidth,
        double rescaleSlope,
        double rescaleIntercept,
        String transferSyntax,
        Map<String, String> identifiers,
        List<String> notes) {

    public ImageInfo {
        identifiers = Map.copyOf(identifiers);
        notes = List.copyOf(notes);
    }

    /** An image read as it is stored, with nothing to note. */
    public ImageInfo(Path source, String format, double windowCenter, double windowWidth, double rescaleSlope,
            double rescaleIntercept, String transferSyntax, Map<String, String> identifiers) {
        this(source, format, windowCenter, windowWidth, rescaleSlope, rescaleIntercept, transferSyntax, identifiers,
                List.of());
    }

    public static ImageInfo plain(Path source, String format) {
        return new ImageInfo(source, format, Double.NaN, Double.NaN, 1.0, 0.0, "", Map.of());
    }

    /** The notes as one line ("first of 4 frames shown; ..."), or "" when there are none. */
    public String notesLine() {
        return String.join("; ", notes);
    }

    public boolean hasWindow() {
        return !Double.isNaN(windowCenter) && !Double.isNaN(windowWidth) && windowWidth > 0;
    }
}
