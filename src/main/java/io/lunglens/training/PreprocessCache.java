package io.lunglens.training;

import io.lunglens.imaging.ModelInput;
import io.lunglens.model.ModelRegistry;
import io.lunglens.task.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * Model input planes on disk, so each image is decoded once: stored at the model's input size as float16, keyed by
 * the file's SHA-256 and the preprocessing settings, read back in later epochs and later runs.
 *
 * <p>float16 rather than uint8: planes come from 8- to 16-bit films area-averaged down, and uint8 would cut a 12-bit
 * film to 256 levels (steps of 0.004); float16 keeps 11 significant bits, a rounding of at most 2.4e-4 in [0, 1],
 * at 2 bytes a pixel (100 KB at 224²). An entry carries its key and a CRC; one that does not check out is made again,
 * never trusted. Entries are written to a temporary sibling and renamed, unsynced (a crash loses at most a cheap
 * entry, and the CRC catches a torn one). Past the size cap the least recently used entries go (a hit refreshes
 * the entry's modification time).
 */
public final class PreprocessCache implements InputPlanes {

    /** Bump when the entry layout changes; old entries then simply stop matching. */
    // 2: planes decoded at reduced resolution for large files (ImageLoader.loadForModel), as the scan decodes them.
    static final int FORMAT = 2;
    static final long DEFAULT_MAX_BYTES = 10L << 30;
    static final String SUFFIX = ".f16";
    private static final int MAGIC = 0x4c4c5031; // "LLP1"
    private static final int HEADER = 4 + 4 + 32;

    private final Path dir;
    private final long maxBytes;
    private final AtomicLong bytes = new AtomicLong(-1);

    public PreprocessCache(Path dir, long maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("cache size cap must be positive, was " + maxBytes);
        }
        this.dir = dir;
        this.maxBytes = maxBytes;
    }

    /** At {@link #standardFolder()}, capped by {@code lunglens.cache.max} (e.g. "10g"; default 10 GB). */
    public static PreprocessCache standard() {
        String max = System.getProperty("lunglens.cache.max");
        return new PreprocessCache(standardFolder(), max == null || max.isBlank() ? DEFAULT_MAX_BYTES : parseSize(max));
    }

    /**
     * {@code lunglens.cache.dir} when set; else under LungLens's home when one is given ({@code lunglens.home},
     * LUNGLENS_HOME in the launcher), so a scratch home keeps its own cache; else the XDG cache folder.
     */
    public static Path standardFolder() {
        String own = System.getProperty("lunglens.cache.dir");
        if (own != null && !own.isBlank()) {
            return Path.of(own);
        }
        if (System.getProperty("lunglens.home") != null) {
            return ModelRegistry.home().resolve("cache").resolve("inputs");
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("lunglens").resolve("inputs");
    }

    /** "10g", "500m", "2048k" or a number of bytes. */
    public static long parseSize(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        char last = t.isEmpty() ? ' ' : t.charAt(t.length() - 1);
        if ("kmgt".indexOf(last) >= 0) {
            unit = 1L << (10 * ("kmgt".indexOf(last) + 1));
            t = t.substring(0, t.length() - 1);
        }
        try {
            double v = Double.parseDouble(t);
            if (!(v > 0)) {
                throw new NumberFormatException();
            }
            return (long) (v * unit);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cache size must be like 10g, 500m or a number of bytes, was " + s);
        }
    }

    public Path folder() {
        return dir;
    }

    public long maxBytes() {
        return maxBytes;
    }

    @Override
    public float[] plane(Sample s, int size) {
        Path entry = entry(s.sha256(), size);
        float[] hit = read(entry, s.sha256(), size);
        if (hit != null) {
            return hit;
        }
        float[] plane = InputPlanes.decode(s, size);
        short[] half = new short[plane.length];
        for (int i = 0; i < plane.length; i++) {
            half[i] = Half.fromFloat(plane[i]);
            // Hand back exactly what a later hit will read, so every epoch and every run sees the same numbers.
            plane[i] = Half.toFloat(half[i]);
        }
        write(entry, s.sha256(), size, half);
        return plane;
    }

    /** The entry's path: the file hash, the input size and a digest of the preprocessing rule and format. */
    Path entry(String sha256, int size) {
        return dir.resolve(sha256.substring(0, 2)).resolve(sha256 + "-" + size + "-" + SETTINGS + SUFFIX);
    }

    /** What else decides a plane besides the file and the size; part of every key. */
    static final String SETTINGS = digest(ModelInput.RESIZE + "|" + ModelInput.RANGE + "|"
            + ModelInput.INVERT_MONOCHROME1 + "|float16|" + FORMAT).substring(0, 12);

    /** The plane if the entry is there and whole; a damaged entry is deleted and null returned. */
    private float[] read(Path entry, String sha256, int size) {
        byte[] b;
        try {
            b = Files.readAllBytes(entry);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
        int n = size * size;
        ByteBuffer in = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        if (b.length != HEADER + 2 * n + 4 || in.getInt() != MAGIC || in.getInt() != size
                || !sha256.equals(HexFormat.of().formatHex(b, 8, HEADER)) || crc(b, HEADER, 2 * n) != in.getInt(HEADER + 2 * n)) {
            forget(entry, b.length);
            return null;
        }
        in.position(HEADER);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = Half.toFloat(in.getShort());
        }
        touch(entry);
        return out;
    }

    private void write(Path entry, String sha256, int size, short[] half) {
        ByteBuffer b = ByteBuffer.allocate(HEADER + 2 * half.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC).putInt(size).put(HexFormat.of().parseHex(sha256));
        for (short h : half) {
            b.putShort(h);
        }
        b.putInt(crc(b.array(), HEADER, 2 * half.length));
        try {
            Files.createDirectories(entry.getParent());
            AtomicFiles.writeUnsynced(entry, b.array());
        } catch (IOException e) {
            // A cache that cannot be written (disk full, read-only) must not stop training: the plane is in hand.
            return;
        }
        if (total().addAndGet(b.capacity()) > maxBytes) {
            evict();
        }
    }

    private static int crc(byte[] b, int from, int length) {
        CRC32 c = new CRC32();
        c.update(b, from, length);
        return (int) c.getValue();
    }

    private void touch(Path entry) {
        try {
            Files.setLastModifiedTime(entry, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException e) {
            // Evicted by another run in the meantime; the plane is already read.
        }
    }

    private void forget(Path entry, long length) {
        try {
            if (Files.deleteIfExists(entry) && bytes.get() >= 0) {
                bytes.addAndGet(-length);
            }
        } catch (IOException e) {
            // It will be overwritten by the fresh entry.
        }
    }

    private AtomicLong total() {
        if (bytes.get() < 0) {
            bytes.compareAndSet(-1, usage().bytes());
        }
        return bytes;
    }

    /** Deletes the least recently used entries until the cache is at 90% of its cap. */
    synchronized void evict() {
        if (bytes.get() <= maxBytes) {
            return;
        }
        List<Entry> all = entries();
        all.sort(Comparator.comparing(Entry::used));
        long left = all.stream().mapToLong(Entry::bytes).sum();
        for (Entry e : all) {
            if (left <= maxBytes * 9 / 10) {
                break;
            }
            try {
                Files.deleteIfExists(e.file());
                left -= e.bytes();
            } catch (IOException ex) {
                // In use elsewhere or already gone; the next eviction tries again.
            }
        }
        bytes.set(left);
    }

    /** One cache file with its size and when it was last used. */
    record Entry(Path file, long bytes, FileTime used) {
    }

    /** What the cache holds. */
    public record Usage(Path folder, long files, long bytes, long maxBytes) {
    }

    public Usage usage() {
        List<Entry> all = entries();
        return new Usage(dir, all.size(), all.stream().mapToLong(Entry::bytes).sum(), maxBytes);
    }

    /** Removes every entry (and any temporary file left by a killed run); returns how many entries went. */
    public synchronized long clear() throws IOException {
        long n = entries().size();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    if (!p.equals(dir)) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
        bytes.set(0);
        return n;
    }

    private List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> s = Files.walk(dir, 2)) {
            for (Path p : s.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).toList()) {
                try {
                    out.add(new Entry(p, Files.size(p), Files.getLastModifiedTime(p)));
                } catch (IOException e) {
                    // Evicted while we looked.
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static String digest(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
