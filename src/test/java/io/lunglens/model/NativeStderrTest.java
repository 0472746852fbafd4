package io.lunglens.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** In a real child JVM: after the divert at start, native writes to fd 2 go to the log and Java's messages still show. */
class NativeStderrTest {

    @Test
    void nativeNoiseGoesToTheLogAndJavaMessagesToTheUser(@TempDir Path home) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                "-Dlunglens.home=" + home, "-Dai.djl.offline=true", Child.class.getName()))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), err);
        assertTrue(err.contains("a message for the user"), err);
        assertFalse(err.contains("native noise"), err);
        String log = Files.readString(home.resolve("logs").resolve("native.log"));
        assertTrue(log.contains("native noise"), log);
    }

    /** "> out 2>&1": stdout and Java's stderr share one file offset, so neither overwrites the other. */
    @Test
    void oneFileForBothStreamsKeepsEveryLineInOrder(@TempDir Path home) throws Exception {
        Path both = home.resolve("both.txt");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                "-Dlunglens.home=" + home, "-Dai.djl.offline=true", Child.class.getName()))
                .redirectErrorStream(true).redirectOutput(both.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(List.of("out before", "a message for the user", "out after"),
                Files.readAllLines(both).stream().filter(l -> !l.contains("native noise")).toList());
    }

    /** Starts the engine, then writes through libc, through System.err, and to stdout around them. */
    public static final class Child {
        public static void main(String[] args) {
            NativeStderr.divert();
            EngineBootstrap.engine();
            System.out.println("out before");
            System.out.flush();
            byte[] noise = "native noise\n".getBytes(StandardCharsets.UTF_8);
            LibC.INSTANCE.write(2, noise, noise.length);
            System.err.println("a message for the user");
            System.out.println("out after");
        }
    }
}
