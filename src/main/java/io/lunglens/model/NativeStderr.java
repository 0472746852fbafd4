package io.lunglens.model;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
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
    private static final Path OWN_STDERR = Path.of("/proc/self/fd/2");
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
        if (!Files.exists(OWN_STDERR)) {
            return;
        }
        try {
            Files.createDirectories(log.getParent());
            if (Files.exists(log) && Files.size(log) > MAX_LOG_BYTES) {
                Files.delete(log);
            }
            // A second handle on what fd 2 is now (terminal, pipe or file), for Java's messages.
            PrintStream javaErr = new PrintStream(new FileOutputStream(OWN_STDERR.toFile(), true), true,
                    Charset.forName(System.getProperty("sun.stderr.encoding", Charset.defaultCharset().name())));
            int fd = LibC.INSTANCE.open(log.toString(), O_WRONLY | O_CREAT | O_APPEND, 0644);
            if (fd < 0 || LibC.INSTANCE.dup2(fd, 2) < 0) {
                javaErr.close();
                return;
            }
            LibC.INSTANCE.close(fd);
            System.err.flush();
            System.setErr(javaErr);
            LOG.debug("native standard error goes to {}", log);
        } catch (IOException | RuntimeException | LinkageError e) {
            LOG.debug("native standard error stays: {}", e.toString());
        }
    }

    private interface LibC extends Library {
        LibC INSTANCE = Native.load("c", LibC.class);

        int open(String path, int flags, int mode);

        int dup2(int from, int to);

        int close(int fd);
    }
}
