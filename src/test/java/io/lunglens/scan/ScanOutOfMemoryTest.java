package io.lunglens.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunglens.model.ModelCard;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file whose decode needs more memory than the JVM has: `lunglens scan` in a child process with a small heap, over
 * an 8192x8192 PNG (within the loader's size limits, 200 KB on disk, about 320 MB to decode) and a real sample.
 */
class ScanOutOfMemoryTest {

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES) // guards against a hung child; not a speed assertion
    void aFileTooLargeForTheHeapBecomesItsRowAndTheScanGoesOn() throws Exception {
        Path model = ScanFixtures.tinyModel(tmp.resolve("model"), ModelCard.DEFAULT_CLASSES,
                ModelCard.DEFAULT_POSITIVE);
        Path dir = Files.createDirectories(tmp.resolve("scan"));
        ImageIO.write(new BufferedImage(8192, 8192, BufferedImage.TYPE_BYTE_GRAY), "png",
                dir.resolve("a-huge.png").toFile());
        Files.copy(ScanFixtures.SAMPLES.resolve("normal/nih_00001280_004.png"), dir.resolve("b-sample.png"));
        Path csv = tmp.resolve("out.csv");

        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx160m", "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1",
                "-Dai.djl.pytorch.num_interop_threads=1", "-Djava.awt.headless=true",
                "-cp", System.getProperty("java.class.path"), "io.lunglens.cli.Main",
                "scan", dir.toString(), "--model", model.toString(), "--out", csv.toString(), "--decoders", "1"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), output);
        assertFalse(output.contains("\tat "), output);

        List<String> rows = Files.readAllLines(csv);
        assertEquals(3, rows.size(), String.join("\n", rows));
        String huge = rows.stream().filter(r -> r.contains("a-huge.png")).findFirst().orElseThrow();
        assertTrue(huge.contains("not enough memory to decode this PNG image"), huge);
        String sample = rows.stream().filter(r -> r.contains("b-sample.png")).findFirst().orElseThrow();
        assertTrue(sample.contains("Normal") || sample.contains("COVID-19"), sample);
    }
}
