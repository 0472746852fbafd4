package io.lunglens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunglens.scan.ScanFixtures;
import io.lunglens.training.DataFolders;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every known way a command can fail ends in one line that names the file or option, and a failing exit code. */
class CliFailuresTest {

    @TempDir
    static Path shared;
    static Path tiny;
    static Path data;

    @TempDir
    Path tmp;

    @BeforeAll
    static void fixtures() throws Exception {
        tiny = ScanFixtures.tinyModel(shared.resolve("tiny"), List.of("clear", "lesion"), "lesion");
        data = shared.resolve("data");
        DataFolders.writeBlobs(data, 4, 2);
    }

    /** The one-line errors say "see lunglens CMD --help": every command must answer it. */
    @Test
    void everyCommandAnswersHelp() {
        for (String cmd : List.of("gui", "info", "synth", "predict", "train", "evaluate", "scan", "import-backbone", "audit")) {
            CliRun r = CliRun.of(cmd, "--help");
            assertEquals(0, r.code(), cmd + ": " + r.err());
            assertTrue(r.out().startsWith("Usage: lunglens " + cmd), cmd + ": " + r.out());
        }
    }

    @Test
    void trainFromABundleOfAnotherArchitecture() {
        String[] r = InfoCommandTest.run("train", data.toString(), "--split", "50/25/25", "--size", "64", "--epochs", "1", "--init",
                tiny.toString(), "--out", tmp.resolve("m").toString());
        oneLine(r, 2, "lunglens train: --init " + tiny + ": ");
        assertTrue(r[2].contains("tiny-resnet-lstm"), r[2]);
        assertFalse(Files.exists(tmp.resolve("m")));
    }

    @Test
    void evaluateCsvOrReportThatCannotBeWritten() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        oneLine(InfoCommandTest.run("evaluate", data.toString(), "--model", tiny.toString(), "--csv",
                file.resolve("rows.csv").toString()), 2, "lunglens evaluate: --csv " + file);
        oneLine(InfoCommandTest.run("evaluate", data.toString(), "--model", tiny.toString(), "--report",
                file.resolve("report").toString()), 2, "lunglens evaluate: --report " + file.resolve("report"));
    }

    @Test
    void evaluateAFolderWithNoReadableImage() throws Exception {
        for (String c : List.of("clear", "lesion")) {
            Files.writeString(Files.createDirectories(tmp.resolve("bad").resolve(c)).resolve("x.png"), "not a PNG");
        }
        oneLine(InfoCommandTest.run("evaluate", tmp.resolve("bad").toString(), "--model", tiny.toString()), 2,
                "lunglens evaluate: " + tmp.resolve("bad"));
    }

    @Test
    void predictGradcamFolderThatCannotBeCreated() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        oneLine(InfoCommandTest.run("predict", "--model", tiny.toString(), "--gradcam", file.resolve("maps").toString(),
                data.resolve("clear").toString()), 2, "lunglens predict: --gradcam " + file.resolve("maps"));
    }

    @Test
    void guiIsACommandThatChecksItsOptions() {
        String[] help = InfoCommandTest.run("--help");
        assertTrue(help[1].contains("  gui "), help[1]);
        String[] guiHelp = InfoCommandTest.run("gui", "--help");
        assertEquals("0", guiHelp[0], guiHelp[2]);
        assertTrue(guiHelp[1].contains("--map=MAP"), guiHelp[1]);
        oneLine(InfoCommandTest.run("gui", "--map=typo"), 2, "lunglens gui: --map must be grad-cam or occlusion");
        oneLine(InfoCommandTest.run("gui", "--no-such-option"), 2, "lunglens gui: Unknown option: '--no-such-option'");
    }

    @Test
    void guiWithoutADisplayPointsToTheCommandLine() throws Exception {
        String fx = Pattern.compile(File.pathSeparator).splitAsStream(System.getProperty("java.class.path"))
                .filter(p -> p.contains("/org/openjfx/")).collect(Collectors.joining(File.pathSeparator));
        try (ChildRun run = ChildRun.start(tmp, tmp.resolve("home"), List.of("--module-path", fx, "--add-modules",
                "javafx.controls"), List.of("DISPLAY", "WAYLAND_DISPLAY"), "gui")) {
            assertEquals(2, run.await(2), String.join("\n", run.err()));
            assertEquals(List.of("lunglens gui: " + GuiCommand.NO_DISPLAY), run.err());
        }
    }

    @Test
    void anUnexpectedFailureIsOneLineAndItsTraceGoesToALog() throws Exception {
        String home = System.getProperty("lunglens.home");
        System.setProperty("lunglens.home", tmp.toString());
        try {
            StringWriter err = new StringWriter();
            int code = Failures.report(new IllegalStateException("decoder failed:\nsecond line", new Error("cause")),
                    "lunglens scan", new PrintWriter(err), new String[] {"scan", "dir"});
            assertEquals(1, code);
            String line = err.toString().strip();
            Matcher m = Pattern.compile("lunglens scan: decoder failed: second line \\(details in (.+)\\)").matcher(line);
            assertTrue(m.matches(), line);
            Path log = Path.of(m.group(1));
            assertTrue(log.startsWith(tmp.resolve("logs")), log.toString());
            String trace = Files.readString(log);
            assertTrue(trace.startsWith("lunglens scan scan dir"), trace);
            assertTrue(trace.contains("\tat ") && trace.contains("Caused by: java.lang.Error: cause"), trace);
        } finally {
            if (home == null) {
                System.clearProperty("lunglens.home");
            } else {
                System.setProperty("lunglens.home", home);
            }
        }
    }

    @Test
    void trainPrintsNoLibtorchDeprecationWarning() throws Exception {
        Path blobs = tmp.resolve("blobs");
        DataFolders.writeBlobs(blobs, 12, 5);
        try (ChildRun run = ChildRun.start(tmp, tmp.resolve("home"), "train", blobs.toString(), "--arch",
                "tiny-resnet-lstm", "--size", "64", "--epochs", "2", "--split", "50/25/25", "--lr", "3e-3",
                "--out", tmp.resolve("m").toString())) {
            assertEquals(0, run.await(5), String.join("\n", run.err()));
            // Restoring the best epoch's weights used NDArray.set(float[]), whose native call warned on stderr.
            assertTrue(run.out().stream().anyMatch(l -> l.startsWith("kept epoch ")), String.join("\n", run.out()));
            assertTrue(run.err().stream().noneMatch(l -> l.contains("AutoNonVariableTypeMode")),
                    String.join("\n", run.err()));
        }
    }

    /** Exit code, and stderr is exactly one line starting with prefix; no stack trace. */
    private static void oneLine(String[] r, int code, String prefix) {
        assertEquals(Integer.toString(code), r[0], r[1] + r[2]);
        List<String> lines = r[2].lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), r[2]);
        assertTrue(lines.get(0).startsWith(prefix), lines.get(0));
    }
}
