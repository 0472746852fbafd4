package io.lunglens.imaging.dicom;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunglens.imaging.ImageLoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

final class DicomHelpers {

    private DicomHelpers() {
    }

    /** Asserts that reading the file fails with a one-line message naming it, and returns the failure. */
    static ImageLoadException refused(Path file) {
        ImageLoadException e = assertThrows(ImageLoadException.class, () -> DicomReader.read(file));
        String m = e.getMessage();
        assertTrue(m.startsWith(file + ": "), m);
        assertTrue(!m.contains("\n") && !m.contains("\r"), m);
        // The identifier fixture's fake values must never reach a message.
        assertTrue(!m.contains("DOE") && !m.contains("JANE") && !m.contains("ID12345"), m);
        return e;
    }

    static Path write(Path dir, String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    /** Index of the first occurrence of the pattern at or after from, or -1. */
    static int indexOf(byte[] b, byte[] pattern, int from) {
        outer:
        for (int i = from; i + pattern.length <= b.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (b[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }
}
