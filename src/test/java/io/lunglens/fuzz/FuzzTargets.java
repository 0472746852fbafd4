package io.lunglens.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.lunglens.imaging.ImageLoadException;
import io.lunglens.imaging.ImageLoader;
import io.lunglens.model.TorchArchive;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Coverage-guided fuzz targets (Jazzer). A bad input may only end in the reader's own one-line exception; anything
 * else (a RuntimeException, StackOverflowError, OutOfMemoryError, a hang) is a finding. Plain `mvn test` replays the
 * committed inputs under src/test/resources/io/lunglens/fuzz/FuzzTargetsInputs/METHOD (earlier findings) and nothing
 * more; bench/fuzz.sh fuzzes each target from seeds of its format. The image targets differ only in their seeds.
 */
class FuzzTargets {

    private static Path scratch;

    @FuzzTest
    void png(byte[] data) throws IOException {
        loadImage(data);
    }

    @FuzzTest
    void jpeg(byte[] data) throws IOException {
        loadImage(data);
    }

    @FuzzTest
    void tiff(byte[] data) throws IOException {
        loadImage(data);
    }

    @FuzzTest
    void dicom(byte[] data) throws IOException {
        loadImage(data);
    }

    @FuzzTest
    void torchArchive(byte[] data) throws IOException {
        Path f = write(data);
        try {
            TorchArchive.read(f);
        } catch (IOException e) {
            assertOneLine(e.getMessage());
        }
    }

    private static void loadImage(byte[] data) throws IOException {
        Path f = write(data);
        try {
            ImageLoader.load(f);
        } catch (ImageLoadException e) {
            assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
            assertOneLine(e.getMessage());
            // The loader turns an OutOfMemoryError into its one line; from an input this small it is still a finding.
            assertTrue(!(e.getCause() instanceof OutOfMemoryError), e.getMessage());
        }
    }

    private static void assertOneLine(String message) {
        assertTrue(message != null && !message.isBlank() && message.lines().count() == 1, String.valueOf(message));
    }

    /** The readers take paths, so each input goes through one scratch file. */
    private static synchronized Path write(byte[] data) throws IOException {
        if (scratch == null) {
            scratch = Files.createTempFile("lunglens-fuzz", ".bin");
            scratch.toFile().deleteOnExit();
        }
        return Files.write(scratch, data);
    }
}
