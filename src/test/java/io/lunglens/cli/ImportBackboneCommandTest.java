package io.lunglens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** lunglens import-backbone as a user types it: a real torchvision TorchScript file, and an offline download. */
class ImportBackboneCommandTest {

    @TempDir
    Path tmp;

    @Test
    void importsATorchScriptFileAndSaysHowToTrainFromIt() throws Exception {
        Path pt = tmp.resolve("tiny-resnet.pt");
        try (InputStream in = getClass().getResourceAsStream("/model/import/tiny-resnet.pt")) {
            Files.copy(in, pt);
        }
        Path out = tmp.resolve("models/tiny-bb");
        CliRun r = CliRun.of("import-backbone", pt.toString(), "--out", out.toString(), "--arch", "tiny-resnet-lstm",
                "--describe", "random torchvision weights", "--check-logits");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("imported 85 tensors"), r.out());
        assertTrue(r.out().contains("checked: the file's own 20 outputs reproduced"), r.out());
        assertTrue(r.out().contains("lunglens train DIR --init"), r.out());
        assertTrue(Files.isRegularFile(out.resolve("weights.f32.ndlist")));

        CliRun predict = CliRun.of("predict", "--model", out.toString(), "assets/samples/normal");
        assertEquals(1, predict.err().lines().filter(l -> l.contains("untrained head")).count(), predict.err());
    }

    @Test
    void helpWarnsThatCheckingLogitsRunsTheFilesProgram() {
        // The usage text that --help and a usage error print.
        String help = new picocli.CommandLine(new Main()).getSubcommands().get("import-backbone").getUsageMessage()
                .replaceAll("\\s+", " ");
        assertTrue(help.contains("--check-logits"), help);
        assertTrue(help.contains("WARNING: this executes code from the file"), help);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // the point is that it never hangs
    void downloadOnAnOfflineMachineFailsAtOnceWithAClearMessage() {
        String old = System.getProperty("lunglens.zoo.url");
        // A closed local port stands in for the unreachable model zoo, whatever network CI has.
        System.setProperty("lunglens.zoo.url", "https://127.0.0.1:9");
        try {
            CliRun r = CliRun.of("import-backbone", "--download", "--out", tmp.resolve("bb").toString());
            assertEquals(1, r.code());
            assertTrue(r.err().contains("cannot download ImageNet weights: 127.0.0.1 is unreachable"), r.err());
            assertTrue(r.err().contains("looks offline"), r.err());
            assertEquals(1, r.err().lines().count(), r.err());
            assertFalse(Files.exists(tmp.resolve("bb")));
        } finally {
            if (old == null) {
                System.clearProperty("lunglens.zoo.url");
            } else {
                System.setProperty("lunglens.zoo.url", old);
            }
        }
    }
}
