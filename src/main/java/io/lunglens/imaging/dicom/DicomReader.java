package io.lunglens.imaging.dicom;

import io.lunglens.imaging.ImageLoadException;
import io.lunglens.imaging.XrayImage;
import java.nio.file.Path;

/** Placeholder: the DICOM reader lands in its own change. */
public final class DicomReader {

    private DicomReader() {
    }

    /** True when the first bytes of a file look like DICOM Part 10 ("DICM" at offset 128). */
    public static boolean looksLikeDicom(byte[] head, int length) {
        return length >= 132 && head[128] == 'D' && head[129] == 'I' && head[130] == 'C' && head[131] == 'M';
    }

    public static XrayImage read(Path file) throws ImageLoadException {
        throw new ImageLoadException(file, "DICOM is not supported yet");
    }
}
