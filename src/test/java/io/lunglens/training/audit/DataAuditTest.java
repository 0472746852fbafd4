package io.lunglens.training.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit on real files written with ImageIO: a size confound, none, duplicates and a broken file. */
final class DataAuditTest {

    @TempDir
    Path dir;

    @Test
    void classesOfDifferentSizeAreConfoundedAndTheRuleNamesTheSize() throws Exception {
        writeClass("COVID", 30, 256, 1, "png");
        writeClass("Normal", 30, 512, 2, "png");
        DataAudit a = DataAudit.run(dir, List.of());
        assertTrue(a.confounded(), a.rule());
        assertTrue(a.metadataAccuracy() >= 0.9, "accuracy " + a.metadataAccuracy());
        assertTrue(a.rule().contains("512×512") || a.rule().contains("256×256"), a.rule());
        assertTrue(a.rule().contains("image size"), a.rule());
        assertTrue(a.lines().stream().anyMatch(l -> l.startsWith("WARNING: ")), a.lines().toString());
        assertEquals(30, a.classes().get("Normal").count());
    }

    @Test
    void classesFromTheSameGeneratorAreNotConfounded() throws Exception {
        writeClass("COVID", 30, 256, 1, "png");
        writeClass("Normal", 30, 256, 2, "png");
        DataAudit a = DataAudit.run(dir, List.of());
        assertFalse(a.confounded(), a.metadataAccuracy() + " " + a.rule());
        assertTrue(a.metadataAccuracy() < 0.75, "accuracy " + a.metadataAccuracy());
        assertTrue(a.lines().stream().noneMatch(l -> l.startsWith("WARNING")), a.lines().toString());
    }

    /** COVID is small grey or large colour, Normal the other way round: no single feature separates them, two do. */
    @Test
    void twoFeaturesTogetherAreFoundAndNamed() throws Exception {
        for (int i = 0; i < 24; i++) {
            boolean large = i % 2 == 0;
            boolean colour = (i / 2) % 2 == 0;
            Path d = Files.createDirectories(dir.resolve(large == colour ? "COVID" : "Normal"));
            write(d.resolve("img" + i + ".png"), large ? 128 : 64, large ? 128 : 64,
                    colour ? BufferedImage.TYPE_3BYTE_BGR : BufferedImage.TYPE_BYTE_GRAY, i, "png");
        }
        DataAudit a = DataAudit.run(dir, List.of());
        assertTrue(a.confounded(), a.lines().toString());
        assertTrue(a.metadataAccuracy() >= 0.9, a.lines().toString());
        // Colour PNGs are also larger files, so the tree may cut file size twice instead of using colour type.
        assertTrue(a.rule().contains("depth-2 tree") && (a.rule().contains("combined with")
                || a.rule().contains(" cut at ")), a.rule());
    }

    @Test
    void duplicatesAcrossClassesAndUnreadableFilesAreListed() throws Exception {
        writeClass("COVID", 5, 64, 1, "png");
        writeClass("Normal", 5, 64, 2, "png");
        Files.copy(dir.resolve("COVID/img0.png"), dir.resolve("Normal/copy.png"));
        Files.write(dir.resolve("Normal/broken.png"), new byte[] {1, 2, 3, 4});
        DataAudit a = DataAudit.run(dir, List.of("COVID", "Normal"));
        assertEquals(1, a.unreadable().size(), a.unreadable().toString());
        assertTrue(a.unreadable().get(0).contains("broken.png"), a.unreadable().toString());
        assertEquals(1, a.duplicates().size(), a.duplicates().toString());
        assertTrue(a.duplicates().get(0).contains("copy.png") && a.duplicates().get(0).contains("across classes"),
                a.duplicates().toString());
        assertEquals(1, a.classes().get("Normal").unreadable());
        assertTrue(a.lines(0).contains("duplicate: ... and 1 more (lunglens audit lists them all)"), a.lines(0).toString());
    }

    /** Real films: NIH normals ("max side 512" resized) against Hannover COVID films (files.csv has the licences). */
    @Test
    void nihAgainstHannoverIsConfoundedBySize() throws Exception {
        Path frontal = Path.of(System.getProperty("user.dir")).resolve("../shared/data/cxr-dev/frontal");
        assumeTrue(Files.isDirectory(frontal), "needs ../shared/data/cxr-dev");
        Path nih = Files.createDirectories(dir.resolve("NIH"));
        Path hann = Files.createDirectories(dir.resolve("Hannover"));
        try (var files = Files.list(frontal)) {
            for (Path f : files.toList()) {
                String n = f.getFileName().toString();
                if (n.startsWith("nih_") || n.startsWith("hann_")) {
                    Files.createSymbolicLink((n.startsWith("nih_") ? nih : hann).resolve(n), f.toAbsolutePath());
                }
            }
        }
        DataAudit a = DataAudit.run(dir, List.of());
        assertTrue(a.confounded(), a.lines().toString());
        assertTrue(a.metadataAccuracy() >= 0.9, a.lines().toString());
        assertTrue(a.rule().contains("512×512") && a.rule().contains("image size"), a.rule());
    }

    @Test
    void jpegAndPngHeadersGiveSizeDepthAndColour() throws Exception {
        Path jpg = write(dir.resolve("a.jpg"), 300, 200, BufferedImage.TYPE_3BYTE_BGR, 5, "jpg");
        FileMeta j = HeaderReader.read(jpg);
        assertEquals(List.of("JPEG", 300, 200, 8, 3), List.of(j.format(), j.width(), j.height(), j.bitDepth(), j.colourType()));
        Path png = write(dir.resolve("b.png"), 120, 80, BufferedImage.TYPE_USHORT_GRAY, 6, "png");
        FileMeta p = HeaderReader.read(png);
        assertEquals(List.of("PNG", 120, 80, 16, 0), List.of(p.format(), p.width(), p.height(), p.bitDepth(), p.colourType()));
        Path bmp = write(dir.resolve("c.bmp"), 40, 30, BufferedImage.TYPE_3BYTE_BGR, 7, "bmp");
        FileMeta b = HeaderReader.read(bmp);
        assertEquals(List.of("BMP", 40, 30), List.of(b.format(), b.width(), b.height()));
    }

    private void writeClass(String name, int n, int size, long seed, String format) throws IOException {
        Path d = Files.createDirectories(dir.resolve(name));
        for (int i = 0; i < n; i++) {
            write(d.resolve("img" + i + "." + format), size, size, BufferedImage.TYPE_BYTE_GRAY, seed * 1000 + i, format);
        }
    }

    /** Smooth random blobs, so file sizes vary the way real films do rather than all being incompressible noise. */
    private static Path write(Path f, int w, int h, int type, long seed, String format) throws IOException {
        BufferedImage img = new BufferedImage(w, h, type);
        Random r = new Random(seed);
        double fx = 1 + r.nextDouble() * 6;
        double fy = 1 + r.nextDouble() * 6;
        double noise = r.nextDouble() * 40;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = (int) (120 + 80 * Math.sin(fx * x / w * Math.PI) * Math.cos(fy * y / h * Math.PI)
                        + noise * r.nextGaussian());
                v = Math.max(0, Math.min(255, v));
                img.getRaster().setSample(x, y, 0, type == BufferedImage.TYPE_USHORT_GRAY ? v * 257 : v);
                if (img.getRaster().getNumBands() == 3) {
                    img.getRaster().setSample(x, y, 1, v);
                    img.getRaster().setSample(x, y, 2, v);
                }
            }
        }
        if (!ImageIO.write(img, format, f.toFile())) {
            throw new IOException("no writer for " + format);
        }
        return f;
    }
}
