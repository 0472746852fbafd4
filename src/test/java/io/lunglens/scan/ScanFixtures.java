package io.lunglens.scan;

import io.lunglens.model.Architecture;
import io.lunglens.model.ModelBundle;
import io.lunglens.model.ModelCard;
import io.lunglens.training.DataFolders;
import io.lunglens.synth.PhantomSpec;
import io.lunglens.synth.SynthJob;
import io.lunglens.task.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/** Folders and a tiny model bundle for scan tests: real files, a real (small, untrained) network. */
public final class ScanFixtures {

    public static final Path SAMPLES = Path.of("assets/samples");
    public static final Path DICOM_WITH_IDS = Path.of("src/test/resources/dicom/implicit-le.dcm");

    private ScanFixtures() {
    }

    /** Saves an untrained tiny network (64² input) with these classes into dir and returns dir. */
    public static Path tinyModel(Path dir, List<String> classes, String positive) throws Exception {
        ModelCard card = ModelCard.draft("tiny-scan", Architecture.TINY, 64, true).withClasses(classes, positive);
        try (ModelBundle b = ModelBundle.fresh(card)) {
            ModelBundle.save(dir, b.network(), card);
        }
        return dir;
    }

    /**
     * Small synthetic phantoms with their masks, the real samples, DICOM files (one refused) and broken files with image names, plus a
     * text file that is not an image. Returns the files that must each get exactly one row, and the broken ones.
     */
    public static List<List<Path>> mixedFolder(Path root) throws IOException {
        List<Path> expected = new ArrayList<>();
        List<Path> broken = new ArrayList<>();
        // Real phantoms (images, lung and lesion masks: all images) with their phantoms.csv, which is not.
        new SynthJob(root.resolve("phantoms"), 3, 7, PhantomSpec.standard(128), false).run(Progress.none());
        Path samples = Files.createDirectories(root.resolve("real"));
        try (Stream<Path> s = Files.walk(SAMPLES)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".png")).sorted().toList()) {
                Files.copy(p, samples.resolve(p.getFileName()));
            }
        }
        Path dicom = Files.createDirectories(root.resolve("dicom"));
        for (String f : List.of("implicit-le.dcm", "monochrome1.dcm", "rle16.dcm", "refused-jpeg12-lossy.dcm")) {
            Files.copy(Path.of("src/test/resources/dicom", f), dicom.resolve(f));
        }
        broken.add(dicom.resolve("refused-jpeg12-lossy.dcm"));
        Path bad = Files.createDirectories(root.resolve("bad"));
        Files.write(bad.resolve("empty.png"), new byte[0]);
        Files.writeString(bad.resolve("text.jpg"), "not a picture");
        byte[] png = Files.readAllBytes(samples.resolve("nih_00001280_004.png"));
        Files.write(bad.resolve("truncated.png"), Arrays.copyOf(png, png.length / 3));
        byte[] noise = new byte[4000];
        new Random(5).nextBytes(noise);
        Files.write(bad.resolve("noise.dcm"), noise);
        try (Stream<Path> s = Files.list(bad)) {
            broken.addAll(s.toList());
        }
        Files.writeString(root.resolve("notes.txt"), "a text file, not an image: no row");
        try (Stream<Path> s = Files.walk(root)) {
            s.filter(Files::isRegularFile).filter(f -> !f.endsWith("notes.txt") && !f.endsWith(SynthJob.CSV))
                    .forEach(expected::add);
        }
        return List.of(expected, broken);
    }
}
