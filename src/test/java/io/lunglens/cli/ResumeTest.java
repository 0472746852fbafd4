package io.lunglens.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lunglens.training.DataFolders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real lunglens train killed (SIGKILL, no chance to clean up) after epoch 1 of 3, then train --resume: the same
 * split, the first epoch kept as it was, and the run ends with the saved model and its report.
 */
class ResumeTest {

    @TempDir
    Path tmp;

    @Test
    void aKilledRunResumesOnTheSameSplitAndEndsWithTheModel() throws Exception {
        Path data = tmp.resolve("data");
        DataFolders.writeBlobs(data, 20, 3);
        Path home = tmp.resolve("home");
        Path bundle = tmp.resolve("models").resolve("killed");
        Path run = home.resolve("runs").resolve("killed");
        String firstEpoch;
        try (ChildRun child = ChildRun.start(tmp, home, "train", data.toString(), "--arch", "tiny-resnet-lstm",
                "--size", "64", "--batch", "4", "--epochs", "3", "--patience", "0", "--split", "60/20/20",
                "--out", bundle.toString())) {
            assertTrue(child.awaitOut(l -> l.startsWith("epoch   1/3"), 5), "epoch 1 done: " + child.err());
            // The epoch line is printed after its checkpoint is on disk.
            child.process().destroyForcibly();
            assertTrue(child.process().waitFor(1, TimeUnit.MINUTES));
            firstEpoch = child.out().stream().filter(l -> l.startsWith("epoch   1/3")).findFirst().orElseThrow();
            assertTrue(child.out().stream().anyMatch(l -> l.startsWith("run folder " + run)), child.out().toString());
        }
        assertFalse(Files.exists(bundle), "killed before the end: no model");
        int done = new ObjectMapper().readTree(run.resolve("checkpoint.json").toFile()).path("epoch").asInt();
        assertTrue(done >= 1 && done < 3, "checkpointed epochs: " + done);
        byte[] split = Files.readAllBytes(run.resolve("split.json"));

        try (ChildRun again = ChildRun.start(tmp, home, "train", data.toString(), "--out", bundle.toString())) {
            assertEquals(2, again.await(2), "a new run does not replace the unfinished one: " + again.err());
            assertTrue(again.lastErrLine().contains("lunglens train --resume killed"), again.lastErrLine());
        }
        try (ChildRun resumed = ChildRun.start(tmp, home, "train", "--resume", "killed")) {
            assertEquals(0, resumed.await(5), String.join("\n", resumed.err()));
            List<String> out = resumed.out();
            assertTrue(out.contains("resuming killed after epoch " + done + " of 3 (run folder " + run + ")"),
                    String.join("\n", out));
            assertEquals(firstEpoch, out.stream().filter(l -> l.startsWith("epoch   1/3")).findFirst().orElseThrow(),
                    "epoch 1's history kept as the killed run printed it");
            assertTrue(out.stream().anyMatch(l -> l.startsWith("epoch   3/3")), String.join("\n", out));
        }
        assertTrue(Files.isRegularFile(bundle.resolve("model.json")));
        assertTrue(Files.isRegularFile(bundle.resolve("report/report.md")));
        assertArrayEquals(split, Files.readAllBytes(bundle.resolve("split.json")), "the same split, file by file");
        String report = Files.readString(bundle.resolve("report/report.md"));
        assertTrue(report.contains("Test evaluation of killed"), report);
        assertEquals(3, new ObjectMapper().readTree(bundle.resolve("report/evaluation.json").toFile()).path("history")
                .size(), "the report's history has every epoch, the killed run's first among them");
        assertFalse(Files.exists(run), "a finished run's folder is removed: the bundle holds what it held");
    }
}
