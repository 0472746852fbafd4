package io.lunglens.task;

import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** The one way to turn a message or a failure into one readable line, for the CLI, the UI and exceptions. */
public final class OneLine {

    private OneLine() {
    }

    /** The text with its line breaks folded into single spaces. */
    public static String of(String s) {
        return s == null ? "unknown error" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }

    /**
     * What went wrong, in one line: a file system error names its file and says what happened to it (their own
     * messages are often the bare path); other failures give their message, or their type when they have none.
     */
    public static String of(Throwable t) {
        Throwable e = t instanceof UncheckedIOException && t.getCause() != null ? t.getCause() : t;
        if (e instanceof FileSystemException f) {
            String other = f.getOtherFile() == null ? "" : " (and " + f.getOtherFile() + ")";
            return of(f.getFile() + other + ": " + reason(f));
        }
        if (e instanceof OutOfMemoryError) {
            return "out of memory (give Java more with LUNGLENS_XMX, e.g. LUNGLENS_XMX=8g)";
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : of(m);
    }

    private static String reason(FileSystemException f) {
        if (f instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        if (f instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (f instanceof FileAlreadyExistsException) {
            return "already exists";
        }
        if (f instanceof NotDirectoryException) {
            return "not a folder";
        }
        if (f instanceof DirectoryNotEmptyException) {
            return "folder is not empty";
        }
        return f.getReason() != null ? f.getReason() : f.getClass().getSimpleName();
    }
}
