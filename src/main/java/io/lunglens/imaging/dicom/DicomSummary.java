package io.lunglens.imaging.dicom;

/**
 * A DICOM file's header as the data audit sees it; -1 or "" where the file leaves an attribute out.
 *
 * @param rows            (0028,0010)
 * @param columns         (0028,0011)
 * @param bitsStored      (0028,0101)
 * @param samplesPerPixel (0028,0002)
 * @param photometric     (0028,0004)
 * @param manufacturer    (0008,0070)
 * @param station         (0008,1010) station name
 */
public record DicomSummary(int rows, int columns, int bitsStored, int samplesPerPixel, String photometric,
                           String manufacturer, String station) {
}
