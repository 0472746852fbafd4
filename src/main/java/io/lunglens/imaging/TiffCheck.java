package io.lunglens.imaging;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Walks a classic TIFF's directory chain before a decoder sees it. A tag whose values would lie past the end of the
 * file, a directory past the end, or a loop of directories is refused: the decoder would otherwise believe a
 * 300-byte file that declares a tag of 1.5 billion values and allocate gigabytes for it (found by bench/fuzz.sh).
 */
final class TiffCheck {

    private static final int MAX_DIRECTORIES = 1024;
    /** Bytes per value of TIFF field types 1..18; 0 for types a reader skips. */
    private static final int[] TYPE_BYTES = {0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4, 0, 0, 8, 8, 8};

    private TiffCheck() {
    }

    static void check(Path file) throws ImageLoadException {
        try (FileChannel ch = FileChannel.open(file)) {
            long size = ch.size();
            ByteBuffer head = read(ch, 0, 8, ByteOrder.BIG_ENDIAN);
            ByteOrder order = head.get(0) == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
            head.order(order);
            if (head.getShort(2) != 42) {
                return; // BigTIFF (43): left to the decoder
            }
            Set<Long> seen = new HashSet<>();
            for (long at = head.getInt(4) & 0xFFFFFFFFL; at != 0; ) {
                if (seen.size() >= MAX_DIRECTORIES || !seen.add(at)) {
                    throw new ImageLoadException(file, "damaged TIFF: its directories form a loop");
                }
                at = directory(file, ch, at, size, order);
            }
        } catch (IOException e) {
            throw new ImageLoadException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    /** Checks one directory and returns the offset of the next (0 for none). */
    private static long directory(Path file, FileChannel ch, long at, long size, ByteOrder order)
            throws IOException, ImageLoadException {
        if (at < 8 || at + 2 > size) {
            throw new ImageLoadException(file, "damaged TIFF: a directory at offset " + at + " lies past the end");
        }
        int entries = read(ch, at, 2, order).getShort(0) & 0xFFFF;
        long length = 12L * entries + 4;
        if (at + 2 + length > size) {
            throw new ImageLoadException(file, "damaged or truncated TIFF: a directory of " + entries
                    + " entries runs past the end of the file");
        }
        ByteBuffer d = read(ch, at + 2, (int) length, order);
        for (int i = 0; i < entries; i++) {
            int tag = d.getShort(12 * i) & 0xFFFF;
            int type = d.getShort(12 * i + 2) & 0xFFFF;
            long count = d.getInt(12 * i + 4) & 0xFFFFFFFFL;
            long bytes = count * (type < TYPE_BYTES.length ? TYPE_BYTES[type] : 0);
            long offset = d.getInt(12 * i + 8) & 0xFFFFFFFFL;
            if (bytes > 4 && offset + bytes > size) {
                throw new ImageLoadException(file, "damaged or truncated TIFF: tag " + tag + " declares " + count
                        + " values past the end of the file");
            }
        }
        return d.getInt(12 * entries) & 0xFFFFFFFFL;
    }

    private static ByteBuffer read(FileChannel ch, long at, int n, ByteOrder order) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n).order(order);
        while (b.hasRemaining()) {
            if (ch.read(b, at + b.position()) < 0) {
                throw new IOException("unexpected end of file");
            }
        }
        return b.flip();
    }
}
