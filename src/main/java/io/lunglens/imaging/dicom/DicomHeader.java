package io.lunglens.imaging.dicom;

import java.util.ArrayList;
import java.util.List;

/** The attributes of one DICOM file that the reader needs, and where its pixel data sits. */
final class DicomHeader {

    /** Marks an attribute that was absent. */
    static final int ABSENT = -1;

    TransferSyntax transferSyntax;
    int rows = ABSENT;
    int columns = ABSENT;
    int samplesPerPixel = ABSENT;
    int bitsAllocated = ABSENT;
    int bitsStored = ABSENT;
    int highBit = ABSENT;
    int pixelRepresentation = ABSENT;
    int planarConfiguration = ABSENT;
    String photometric;
    String numberOfFrames;
    String windowCenter;
    String windowWidth;
    String rescaleSlope;
    String rescaleIntercept;
    String manufacturer;
    String station;
    String patientName;
    String patientId;

    /** The bytes holding the data set: the file itself, or the inflated data set of a deflated file. */
    byte[] data;
    boolean pixelDataFound;
    /** True when the pixel data has undefined length, i.e. is a sequence of fragments. */
    boolean encapsulated;
    /** Native pixel data: where its value starts, how long it is, and its VR ("OB", "OW", or "" if implicit). */
    int pixelOffset;
    int pixelLength;
    String pixelVr = "";
    /** Native pixel data: bytes beyond the frames and their pad byte, which the reader ignores. */
    long excessPixelBytes;
    /** Encapsulated pixel data: the basic offset table's value as {offset, length}, or null. */
    int[] offsetTable;
    /** Encapsulated pixel data: the fragments after the basic offset table, as {offset, length} pairs. */
    final List<int[]> fragments = new ArrayList<>();
}
