package io.lunglens.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The lunglens command line: one subcommand per job, the same jobs the GUI runs. */
@Command(name = "lunglens",
        mixinStandardHelpOptions = true,
        version = "LungLens 0.1.0 — research use only, not a medical device",
        description = "Chest X-ray second opinion (ResNet50-LSTM). Research use only — not a medical device.",
        subcommands = {
            InfoCommand.class,
            SynthCommand.class,
            PredictCommand.class,
            TrainCommand.class,
            EvaluateCommand.class,
            ScanCommand.class,
            ImportBackboneCommand.class,
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code, without exiting; tests call this. */
    public static int run(String... args) {
        return new CommandLine(new Main()).execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
