package io.lunglens.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** The command line in a real child JVM (the test class path), as a user runs it, with its output line by line. */
final class ChildRun implements AutoCloseable {

    private final Process process;
    private final List<String> out = Collections.synchronizedList(new ArrayList<>());
    private final List<String> err = Collections.synchronizedList(new ArrayList<>());
    private final Thread outPump;
    private final Thread errPump;

    private ChildRun(Process process) {
        this.process = process;
        outPump = pump(process.getInputStream(), out);
        errPump = pump(process.getErrorStream(), err);
    }

    /** Starts lunglens ARGS in dir (where a crashing JVM would leave its hs_err_pid file), with home as LungLens home. */
    static ChildRun start(Path dir, Path home, String... args) throws IOException {
        return start(dir, home, List.of(), List.of(), args);
    }

    /** The same with extra JVM options, and without the named environment variables. */
    static ChildRun start(Path dir, Path home, List<String> jvm, List<String> unset, String... args)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=2",
                "-Dai.djl.pytorch.num_interop_threads=1", "-Dlunglens.home=" + home));
        cmd.addAll(jvm);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        unset.forEach(pb.environment()::remove);
        pb.environment().put("OMP_NUM_THREADS", "2");
        pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        return new ChildRun(pb.start());
    }

    private static Thread pump(InputStream in, List<String> lines) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (lines) {
                        lines.add(line);
                        lines.notifyAll();
                    }
                }
            } catch (IOException e) {
                // The child is gone; what it printed is kept.
            }
        }, "child-output");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * Sends SIGTERM and waits up to seconds for the child to end and its output to be read. Returns its exit code, or
     * null if it is still running. Through the ProcessHandle: Process.destroy() also closes our end of the child's
     * pipes, and what the child then prints (its last line) would be lost.
     */
    Integer terminate(long seconds) throws InterruptedException {
        process.toHandle().destroy();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            return null;
        }
        outPump.join(5000);
        errPump.join(5000);
        return process.exitValue();
    }

    /** Waits for the child to end by itself, up to minutes; returns its exit code, null if still running. */
    Integer await(long minutes) throws InterruptedException {
        if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
            return null;
        }
        outPump.join(5000);
        errPump.join(5000);
        return process.exitValue();
    }

    /** Waits until stderr has a line matching what (true), or the child ends or minutes pass (false). */
    boolean awaitErr(Predicate<String> what, long minutes) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(minutes);
        synchronized (err) {
            while (err.stream().noneMatch(what)) {
                long left = end - System.nanoTime();
                if (left <= 0 || !process.isAlive() && err.stream().noneMatch(what)) {
                    return err.stream().anyMatch(what);
                }
                err.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 500)));
            }
            return true;
        }
    }

    /** Waits until stdout has a line matching what (true), or the child ends or minutes pass (false). */
    boolean awaitOut(Predicate<String> what, long minutes) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(minutes);
        synchronized (out) {
            while (out.stream().noneMatch(what)) {
                long left = end - System.nanoTime();
                if (left <= 0 || !process.isAlive()) {
                    return out.stream().anyMatch(what);
                }
                out.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 500)));
            }
            return true;
        }
    }

    Process process() {
        return process;
    }

    /** Everything the child wrote to stderr so far. */
    List<String> err() {
        synchronized (err) {
            return List.copyOf(err);
        }
    }

    List<String> out() {
        synchronized (out) {
            return List.copyOf(out);
        }
    }

    /** The child's last non-blank stderr line, once its streams are drained. */
    String lastErrLine() {
        List<String> e = err();
        for (int i = e.size() - 1; i >= 0; i--) {
            if (!e.get(i).isBlank()) {
                return e.get(i);
            }
        }
        return "";
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
