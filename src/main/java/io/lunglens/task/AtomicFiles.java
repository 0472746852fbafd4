package io.lunglens.task;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** The one way LungLens replaces a small file: readers see the old content or the new one, never a part of it. */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    /**
     * Writes to a temporary sibling, forces it to disk, renames it over the target and forces the folder; the
     * temporary file is gone afterwards whether or not this succeeded.
     */
    public static void write(Path target, byte[] data) throws IOException {
        Path dir = replace(target, data, true);
        forceFolder(dir);
    }

    /**
     * As {@link #write}, without forcing anything to disk: readers still never see a part of the file, but a crash
     * may lose it. For bulk outputs that are cheap to make again (a phantom set), where a sync per file would cost
     * more than the file.
     */
    public static void writeUnsynced(Path target, byte[] data) throws IOException {
        replace(target, data, false);
    }

    /**
     * Creates a new file (failing if it exists) and forces it to disk. For files inside a temporary folder that is
     * itself renamed into place, which is what makes them appear at once.
     */
    public static void writeNew(Path file, byte[] data) throws IOException {
        writeAll(file, data, true, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    /** Writes a temporary sibling and renames it over the target; returns the target's folder. */
    private static Path replace(Path target, byte[] data, boolean force) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
        try {
            writeAll(tmp, data, force, StandardOpenOption.WRITE);
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return dir;
    }

    private static void writeAll(Path file, byte[] data, boolean force, OpenOption... options) throws IOException {
        try (FileChannel ch = FileChannel.open(file, options)) {
            ByteBuffer b = ByteBuffer.wrap(data);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            if (force) {
                ch.force(true);
            }
        }
    }

    /** Makes the rename itself durable; some systems cannot open a folder, and then the rename is all we have. */
    private static void forceFolder(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Not supported here (e.g. Windows); the file itself is on disk.
        }
    }
}
