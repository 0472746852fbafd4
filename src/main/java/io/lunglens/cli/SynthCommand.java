package io.lunglens.cli;

import io.lunglens.synth.Difficulty;
import io.lunglens.synth.PhantomSpec;
import io.lunglens.synth.Shortcut;
import io.lunglens.synth.SynthJob;
import io.lunglens.synth.SynthResult;
import io.lunglens.task.CancelledException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** lunglens synth OUT --per-class N --seed S : a folder of synthetic chest X-ray phantoms with masks. */
@Command(name = "synth", description = {
        "Generate synthetic chest X-ray phantoms (COVID-19 and normal) with lung and lesion masks,",
        "in the layout of the COVID-19 Radiography Database. Phantoms are not patients."})
final class SynthCommand implements Callable<Integer> {

    @Spec
    CommandSpec command;

    @Parameters(index = "0", paramLabel = "OUT", description = "Output folder (created if missing).")
    Path out;

    @Option(names = "--per-class", required = true, paramLabel = "N", description = "Images per class.")
    int perClass;

    @Option(names = "--seed", required = true, paramLabel = "S", description = "Run seed; the same arguments give identical files.")
    long seed;

    @Option(names = "--size", defaultValue = "512", paramLabel = "PX", description = "Width and height in pixels, 64..4096 (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--difficulty", defaultValue = "standard", paramLabel = "D", description = "easy, standard or hard (default: ${DEFAULT-VALUE}).")
    String difficulty;

    @Option(names = "--shortcut", defaultValue = "none", paramLabel = "S", description = "none, or marker: burn a source tag into COVID images only (default: ${DEFAULT-VALUE}).")
    String shortcut;

    @Option(names = "--bits", defaultValue = "8", paramLabel = "B", description = "PNG bit depth, 8 or 16 (default: ${DEFAULT-VALUE}).")
    int bits;

    @Option(names = "--threads", paramLabel = "T", description = "Worker threads (default: processors, at most 4).")
    Integer threads;

    @Option(names = "--force", description = "Replace the phantoms of an earlier run in a non-empty OUT.")
    boolean force;

    @Override
    public Integer call() throws Exception {
        try {
            if (bits != 8 && bits != 16) {
                throw new IllegalArgumentException("bits must be 8 or 16, was " + bits);
            }
            PhantomSpec spec = new PhantomSpec(size, Difficulty.parse(difficulty), Shortcut.parse(shortcut), bits == 16);
            SynthJob job = threads == null
                    ? new SynthJob(out, perClass, seed, spec, force)
                    : new SynthJob(out, perClass, seed, spec, force, threads);
            SynthResult r = job.run(new ProgressLine("synth", command.commandLine().getErr(), Main.stopOf(command)));
            System.out.printf(Locale.ROOT, "wrote %d phantoms (%d COVID, %d normal) to %s in %.1f s%n",
                    r.images(), r.covid(), r.normal(), r.out(), r.millis() / 1000.0);
            return 0;
        } catch (CancelledException e) {
            System.err.println("lunglens synth: cancelled; the phantoms written so far are in " + out
                    + " (run again with --force to start over)");
            return Failures.CANCELLED;
        } catch (IllegalArgumentException | UncheckedIOException | IOException e) {
            System.err.println("lunglens synth: " + e.getMessage());
            return 2;
        }
    }
}
