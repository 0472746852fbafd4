package io.lunglens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** lunglens audit as a user runs it: the JSON names, the warning line, one-line errors. */
final class AuditCommandTest {

    @TempDir
    Path dir;

    @Test
    void jsonHasTheDocumentedNamesAndFlagsASizeConfound() throws Exception {
        writeClass("COVID", 12, 96);
        writeClass("Normal", 12, 160);
        CliRun run = CliRun.of("audit", dir.toString(), "--json");
        assertEquals(0, run.code(), run.err());
        JsonNode j = new ObjectMapper().readTree(run.out());
        assertTrue(j.get("metadataAccuracy").isNumber(), run.out());
        double acc = j.get("metadataAccuracy").asDouble();
        assertTrue(acc >= 0.9 && acc <= 1, run.out());
        assertTrue(j.get("confounded").isBoolean() && j.get("confounded").asBoolean(), run.out());
        assertTrue(j.get("rule").isTextual() && j.get("rule").asText().contains("image size"), run.out());
        assertEquals(12, j.get("classes").get("COVID").get("count").asInt(), run.out());
    }

    @Test
    void textOutputWarnsAndOnlyTheClassesAskedForAreRead() throws Exception {
        writeClass("COVID", 12, 96);
        writeClass("Normal", 12, 160);
        writeClass("Other", 3, 96);
        CliRun run = CliRun.of("audit", dir.toString(), "--classes", "covid,Normal");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().lines().anyMatch(l -> l.startsWith("WARNING: ") && l.contains("×")), run.out());
        assertTrue(run.out().lines().noneMatch(l -> l.startsWith("Other")), run.out());
    }

    @Test
    void trainPrintsTheAuditBeforeReadingTheData() throws Exception {
        writeClass("COVID", 12, 96);
        writeClass("Normal", 12, 160);
        writeClass("Other", 3, 128);
        // Three class folders: train refuses after the audit, before decoding or training anything.
        CliRun run = CliRun.of("train", dir.toString());
        assertEquals(2, run.code(), run.err());
        assertTrue(run.out().lines().anyMatch(l -> l.startsWith("audit: WARNING: ") && l.contains("image size")),
                run.out());
        assertTrue(run.err().contains("3 class folders"), run.err());
    }

    @Test
    void aMissingFolderIsOneLineAndExitCodeTwo() {
        CliRun run = CliRun.of("audit", dir.resolve("nope").toString());
        assertEquals(2, run.code());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().contains("nope") && run.err().contains("not a folder"), run.err());
    }

    private void writeClass(String name, int n, int size) throws Exception {
        Path d = Files.createDirectories(dir.resolve(name));
        for (int i = 0; i < n; i++) {
            BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    img.getRaster().setSample(x, y, 0, (x * (i + 1) + y * 7) & 0xFF);
                }
            }
            ImageIO.write(img, "png", d.resolve("img" + i + ".png").toFile());
        }
    }
}
