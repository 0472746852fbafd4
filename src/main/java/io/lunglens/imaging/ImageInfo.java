package io.lunglens.imaging;

import java.nio.file.Path;
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
 */
public record ImageInfo(
        Path source,
        String format,
        double windowCenter,
        double windowWidth,
        double rescaleSlope,
        double rescaleIntercept,
        String transferSyntax,
        Map<String, String> identifiers) {

    public ImageInfo {
        identifiers = Map.copyOf(identifiers);
    }

    public static ImageInfo plain(Path source, String format) {
        return new ImageInfo(source, format, Double.NaN, Double.NaN, 1.0, 0.0, "", Map.of());
    }

    public boolean hasWindow() {
        return !Double.isNaN(windowCenter) && !Double.isNaN(windowWidth) && windowWidth > 0;
    }
}
