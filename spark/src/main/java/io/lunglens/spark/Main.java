package io.lunglens.spark;

import io.lunglens.model.ModelCard;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** lunglens-spark: the scan for archives, on Apache Spark (spark-submit, or plain java with a local master). */
@Command(name = "lunglens-spark", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
        version = "lunglens-spark — research use only, not a medical device",
        description = "LungLens scan on Apache Spark. " + ModelCard.INTENDED_USE + ".",
        subcommands = SparkScanCommand.class)
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
