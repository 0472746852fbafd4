package io.lunglens.imaging.dicom;

/** A reason why a file is not a readable DICOM image; {@link DicomReader} adds the file name. */
final class DicomException extends Exception {

    DicomException(String reason) {
        super(reason, null, false, false);
    }
}
