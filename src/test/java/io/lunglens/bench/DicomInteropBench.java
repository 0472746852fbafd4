package io.lunglens.bench;

import io.lunglens.imaging.ImageLoadException;
import io.lunglens.imaging.ImageLoader;
import io.lunglens.imaging.XrayImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * bench/dicom-interop.sh's Java half: loads every file of a folder with ImageLoader, as the app does. For each
 * file it writes one tab-separated line to OUT_DIR/lunglens.tsv (name, "ok" or "failed", then size, bits,
 * slope, intercept and notes, or the one-line reason) and, for loaded ones, the stored values as little-endian
 * int32 to OUT_DIR/NAME.i32. Usage: DicomInteropBench FOLDER OUT_DIR.
 */
public final class DicomInteropBench {

    private DicomInteropBench() {
    }

    public static void main(String[] args) throws IOException {
        Path folder = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Files.createDirectories(out);
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        try (PrintWriter tsv = new PrintWriter(Files.newBufferedWriter(out.resolve("lunglens.tsv"), StandardCharsets.UTF_8))) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                try {
                    XrayImage img = ImageLoader.load(f);
                    writeValues(out.resolve(name + ".i32"), img.pixels());
                    tsv.println(String.join("\t", name, "ok", img.width() + "x" + img.height(),
                            Integer.toString(img.bitsStored()), Double.toString(img.info().rescaleSlope()),
                            Double.toString(img.info().rescaleIntercept()), String.join("; ", img.info().notes())));
                } catch (ImageLoadException e) {
                    String reason = e.getMessage().startsWith(f + ": ") ? e.getMessage().substring(f.toString().length() + 2)
                            : e.getMessage();
                    tsv.println(name + "\tfailed\t" + reason.replace('\t', ' '));
                }
            }
        }
    }

    private static void writeValues(Path file, int[] values) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(values);
        Files.write(file, b.array());
    }
}
