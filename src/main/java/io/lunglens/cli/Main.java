package io.lunglens.cli;

import io.lunglens.model.ModelCard;
import io.lunglens.model.NativeStderr;
import io.lunglens.task.AppVersion;
import io.lunglens.task.CancelToken;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The lunglens command line: one subcommand per job, the same jobs the GUI runs. */
@Command(name = "lunglens",
        mixinStandardHelpOptions = true,
        // Every subcommand answers --help and --version, as the one-line errors tell users to try.
        scope = CommandLine.ScopeType.INHERIT,
        version = AppVersion.TITLE + " — research use only, not a medical device",
        description = "Chest X-ray second opinion (ResNet50-LSTM). " + ModelCard.INTENDED_USE + ".",
        subcommands = {
            GuiCommand.class,
            InfoCommand.class,
            SynthCommand.class,
            PredictCommand.class,
            TrainCommand.class,
            EvaluateCommand.class,
            ScanCommand.class,
            PacsCommand.class,
            ImportBackboneCommand.class,
            FitDomainCommand.class,
            AuditCommand.class,
            CacheCommand.class,
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Cancelled by Ctrl-C or SIGTERM; long commands pass it to their job, which stops between batches. */
    final CancelToken stop = new CancelToken();

    public static void main(String[] args) {
        NativeStderr.divert();
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code, without exiting; tests call this. */
    public static int run(String... args) {
        Main main = new Main();
        CommandLine cl = commandLine(main);
        return ShutdownGuard.run(main.stop, () -> {
            try {
                return cl.execute(args);
            } catch (RuntimeException | Error e) {
                // picocli hands Exceptions to Failures; an Error (out of memory, a native library) ends up here.
                return Failures.report(e, "lunglens", cl.getErr(), args);
            }
        });
    }

    /** The command line with LungLens's failure handling: one line per failure, never a stack trace. */
    static CommandLine commandLine(Main main) {
        Failures failures = new Failures();
        return new CommandLine(main).setExecutionExceptionHandler(failures).setParameterExceptionHandler(failures);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The token of the command line this subcommand belongs to. */
    static CancelToken stopOf(CommandLine.Model.CommandSpec sub) {
        return ((Main) sub.parent().userObject()).stop;
    }
}
