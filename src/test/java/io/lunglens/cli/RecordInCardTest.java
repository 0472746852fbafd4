package io.lunglens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunglens.model.ModelBundle;
import io.lunglens.scan.ScanFixtures;
import io.lunglens.training.DataFolders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two `evaluate --record-in-card` runs at once, as two real processes on one bundle: both records survive. */
class RecordInCardTest {

    @TempDir
    Path tmp;

    @Test
    void twoConcurrentRunsBothKeepTheirRecord() throws Exception {
        Path data = tmp.resolve("data");
        DataFolders.writeBlobs(data, 30, 3);
        Path model = ScanFixtures.tinyModel(tmp.resolve("tiny"), List.of("clear", "lesion"), "lesion");
        List<Process> runs = new ArrayList<>();
        for (String key : List.of("first", "second")) {
            runs.add(lunglens(tmp.resolve(key + ".log"), "evaluate", data.toString(), "--model", model.toString(),
                    "--record-in-card", key, "--ungated"));
        }
        for (int i = 0; i < runs.size(); i++) {
            Process p = runs.get(i);
            assertTrue(p.waitFor(5, TimeUnit.MINUTES), "evaluate run " + i + " did not end");
            assertEquals(0, p.exitValue(), Files.readString(tmp.resolve(List.of("first", "second").get(i) + ".log")));
        }
        var metrics = ModelBundle.readCard(model).testMetrics();
        assertTrue(metrics.containsKey("first") && metrics.containsKey("second"), metrics.keySet().toString());
    }

    /** The command line in a child JVM with this test's class path and engine settings; output goes to log. */
    static Process lunglens(Path log, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("ai.djl."))
                .forEach(k -> cmd.add("-D" + k + "=" + System.getProperty(k)));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
