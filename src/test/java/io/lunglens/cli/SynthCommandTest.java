package io.lunglens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** lunglens synth through Main.run, as a user types it. */
class SynthCommandTest {

    @TempDir
    Path tmp;

    @Test
    void writesADataSet() throws Exception {
        Path out = tmp.resolve("phantoms");
        assertEquals(0, Main.run("synth", out.toString(), "--per-class", "2", "--seed", "9", "--size", "64",
                "--difficulty", "hard", "--shortcut", "marker"));
        assertTrue(Files.exists(out.resolve("COVID/images/COVID-2.png")));
        assertTrue(Files.exists(out.resolve("Normal/lesions/Normal-2.png")));
        String csv = Files.readString(out.resolve("phantoms.csv"));
        assertTrue(csv.contains(",hard,marker,64,8,"), csv);
        assertTrue(csv.contains("shortcut_tag"), csv);
    }

    @Test
    void badArgumentsGiveAOneLineReason() throws Exception {
        Path out = tmp.resolve("o");
        assertError("per-class count must be at least 1", "synth", out.toString(), "--per-class", "-3", "--seed", "1");
        assertError("size must be 64..4096 pixels, was 32", "synth", out.toString(), "--per-class", "1", "--seed", "1", "--size", "32");
        assertError("difficulty must be easy, standard or hard", "synth", out.toString(), "--per-class", "1", "--seed", "1", "--difficulty", "x");
        assertError("bits must be 8 or 16", "synth", out.toString(), "--per-class", "1", "--seed", "1", "--bits", "12");
        Path file = Files.writeString(tmp.resolve("file.txt"), "x");
        assertError("cannot write to output folder " + file.resolve("sub"), "synth", file.resolve("sub").toString(),
                "--per-class", "1", "--seed", "1", "--size", "64");
    }

    @Test
    void neverOverwritesWithoutForce() throws Exception {
        Path out = tmp.resolve("o");
        assertEquals(0, Main.run("synth", out.toString(), "--per-class", "1", "--seed", "1", "--size", "64"));
        byte[] before = Files.readAllBytes(out.resolve("COVID/images/COVID-1.png"));
        assertError("output folder is not empty", "synth", out.toString(), "--per-class", "1", "--seed", "2", "--size", "64");
        assertEquals(Arrays.toString(before), Arrays.toString(Files.readAllBytes(out.resolve("COVID/images/COVID-1.png"))));
        assertEquals(0, Main.run("synth", out.toString(), "--per-class", "1", "--seed", "2", "--size", "64", "--force"));
        assertNotEquals(Arrays.toString(before), Arrays.toString(Files.readAllBytes(out.resolve("COVID/images/COVID-1.png"))));
    }

    private static void assertError(String expected, String... args) {
        CliRun r = CliRun.of(args);
        String text = r.err().trim();
        assertNotEquals(0, r.code(), text);
        assertTrue(text.contains(expected), "expected '" + expected + "' in: " + text);
        assertTrue(text.lines().count() == 1, "one line, got: " + text);
    }
}
