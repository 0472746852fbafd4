package io.lunglens.task;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
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
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer b = ByteBuffer.wrap(data);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        forceFolder(dir);
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
