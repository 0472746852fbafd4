package io.lunglens.imaging;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Finds the image files in a folder: by content, plus broken files whose name says image (so they get reported). */
public final class ImageFiles {

    private ImageFiles() {
    }

    /** Image files below {@code folder} in a stable order; hidden files and folders are skipped. */
    public static List<Path> list(Path folder, boolean recursive) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IOException(folder + ": not a folder");
        }
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = recursive ? Files.walk(folder) : Files.list(folder)) {
            s.filter(p -> !isHidden(folder, p))
                    .filter(Files::isRegularFile)
                    .sorted(Comparator.comparing(Path::toString))
                    .filter(ImageFiles::isCandidate)
                    .forEach(out::add);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return out;
    }

    /** Expands files and folders given on a command line; files are kept whatever their content. */
    public static List<Path> expand(List<Path> args, boolean recursive) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path p : args) {
            if (Files.isDirectory(p)) {
                out.addAll(list(p, recursive));
            } else {
                out.add(p);
            }
        }
        return out;
    }

    static boolean isCandidate(Path file) {
        if (ImageFormat.hasImageExtension(file.getFileName().toString())) {
            return true;
        }
        byte[] head = new byte[ImageFormat.HEAD_BYTES];
        try (InputStream in = Files.newInputStream(file)) {
            int n = in.readNBytes(head, 0, head.length);
            return ImageFormat.sniff(head, n).isPresent();
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isHidden(Path root, Path p) {
        for (Path part : root.relativize(p)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
