package io.lunglens.model;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what native libraries write to the process's standard error into a log file, while Java's own messages
 * (System.err, the one-line failures, logback) still reach the user. libtorch writes warnings straight to file
 * descriptor 2: on machines that hide their cache sizes, "Could not initialize NNPACK! Reason: Unsupported hardware"
 * dozens of times per command. Java cannot filter that stream, so the descriptor itself is moved. Called first
 * thing in main: a stream that wraps the old System.err (picocli's writers) would follow fd 2 into the log.
 * {@code -Dlunglens.nativeStderr=true} leaves it alone, for debugging libtorch.
 */
public final class NativeStderr {

    private static final Logger LOG = LoggerFactory.getLogger(NativeStderr.class);
    private static final long MAX_LOG_BYTES = 10L << 20;
    private static final int O_WRONLY = 01;
    private static final int O_CREAT = 0100;
    private static final int O_APPEND = 02000;

    private NativeStderr() {
    }

    /** Moves native standard error to home/logs/native.log, before anything holds System.err. */
    public static void divert() {
        if (!Boolean.getBoolean("lunglens.nativeStderr")) {
            divertTo(ModelRegistry.home().resolve("logs").resolve("native.log"));
        }
    }

    /** Moves native standard error to log; on any failure leaves everything as it was. */
    static void divertTo(Path log) {
        try {
            Files.createDirectories(log.getParent());
            if (Files.exists(log) && Files.size(log) > MAX_LOG_BYTES) {
                Files.delete(log);
            }
            // A duplicate of fd 2 shares its file offset, so "> out 2>&1" still interleaves stdout and our lines.
            int saved = LibC.INSTANCE.dup(2);
            if (saved < 0) {
                return;
            }
            int fd = LibC.INSTANCE.open(log.toString(), O_WRONLY | O_CREAT | O_APPEND, 0644);
            boolean moved = fd >= 0 && LibC.INSTANCE.dup2(fd, 2) >= 0;
            LibC.INSTANCE.close(fd >= 0 ? fd : saved);
            if (!moved) {
                if (fd >= 0) {
                    LibC.INSTANCE.close(saved);
                }
                return;
            }
            System.err.flush();
            System.setErr(new PrintStream(new FdStream(saved), true,
                    Charset.forName(System.getProperty("sun.stderr.encoding", Charset.defaultCharset().name()))));
            LOG.debug("native standard error goes to {}", log);
        } catch (IOException | RuntimeException | LinkageError e) {
            LOG.debug("native standard error stays: {}", e.toString());
        }
    }

    /** Writes straight to a file descriptor: Java has no stream for a descriptor number it did not open. */
    private static final class FdStream extends OutputStream {
        private final int fd;

        FdStream(int fd) {
            this.fd = fd;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            byte[] rest = off == 0 && len == b.length ? b : Arrays.copyOfRange(b, off, off + len);
            while (rest.length > 0) {
                long n = LibC.INSTANCE.write(fd, rest, rest.length);
                if (n <= 0) {
                    throw new IOException("cannot write to standard error");
                }
                rest = Arrays.copyOfRange(rest, (int) n, rest.length);
            }
        }
    }
}
