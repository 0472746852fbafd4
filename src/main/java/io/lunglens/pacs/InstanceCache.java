package io.lunglens.pacs;

import io.lunglens.task.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Images retrieved from a PACS, kept as files in one folder (named by SOP Instance UID) so that they open through
 * the same loading code as any file. Bounded: after each new file the least recently used ones go until the folder
 * is back under its size; the file just added always stays.
 */
public final class InstanceCache {

    /** The default bound: a few hundred radiographs. */
    public static final long DEFAULT_BYTES = 2L << 30;

    private final Path folder;
    private final long maxBytes;

    public InstanceCache(Path folder, long maxBytes) {
        this.folder = folder;
        this.maxBytes = maxBytes;
    }

    public Path folder() {
        return folder;
    }

    /** The instance's file, from the cache when there, else retrieved and kept. */
    public synchronized Path get(DicomWebClient client, Instance i) throws IOException {
        Path file = folder.resolve(Worklist.fileName(i));
        if (Files.isRegularFile(file)) {
            Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
            return file;
        }
        byte[] bytes = client.retrieve(i);
        Files.createDirectories(folder);
        AtomicFiles.writeUnsynced(file, bytes);
        evict(file);
        return file;
    }

    /** The files of a series, retrieved as needed, in instance order. */
    public List<Path> series(DicomWebClient client, Series s) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Instance i : client.instances(s)) {
            files.add(get(client, i));
        }
        return files;
    }

    /** Bytes held now. */
    public long size() throws IOException {
        return files().stream().mapToLong(InstanceCache::bytes).sum();
    }

    private void evict(Path keep) throws IOException {
        List<Path> all = new ArrayList<>(files());
        long total = all.stream().mapToLong(InstanceCache::bytes).sum();
        all.sort(Comparator.comparing(InstanceCache::modified));
        for (Path p : all) {
            if (total <= maxBytes) {
                return;
            }
            if (!p.equals(keep)) {
                total -= bytes(p);
                Files.deleteIfExists(p);
            }
        }
    }

    private List<Path> files() throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".dcm")).toList();
        }
    }

    private static long bytes(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
