package io.lunglens.training;

import io.lunglens.cli.Main;
import io.lunglens.synth.PhantomSpec;
import io.lunglens.synth.SynthJob;
import io.lunglens.task.Progress;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A tiny model trained the way a user trains one (lunglens train, with its split manifest) on phantoms, for the
 * evaluation tests: seconds at 32², and what it learnt does not matter, only that evaluation reports it faithfully.
 *
 * @param data  the phantom folder it was trained on (COVID and Normal, 15 each)
 * @param model its bundle, with split.json (test split: 3 per class)
 */
public record EvaluationFixture(Path data, Path model) {

    public static EvaluationFixture train(Path root) throws Exception {
        Path data = root.resolve("phantoms");
        new SynthJob(data, 15, 3, PhantomSpec.standard(128), false).run(Progress.none());
        Path model = root.resolve("model");
        String[] out = cli("train", data.toString(), "--arch", "tiny-resnet-lstm", "--size", "32", "--epochs", "2",
                "--split", "60/20/20", "--out", model.toString(), "--synthetic");
        if (!out[0].equals("0")) {
            throw new IllegalStateException("training the fixture failed: " + out[1] + out[2]);
        }
        return new EvaluationFixture(data, model);
    }

    /** Runs the command line; returns the exit code, what it printed and its errors. */
    public static String[] cli(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new String[] {String.valueOf(code), out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
