package io.lunglens.cli;

import io.lunglens.model.ModelRegistry;
import io.lunglens.task.CancelledException;
import io.lunglens.task.OneLine;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * What the user sees when a command fails in a way it did not handle itself: one line naming the file or option,
 * and an exit code that says it failed. An unexpected failure also leaves its full trace in a log file under the
 * LungLens home, named in that line, for a bug report.
 */
final class Failures implements IExecutionExceptionHandler, IParameterExceptionHandler {

    /** Exit code of a command stopped by Ctrl-C, SIGTERM or a closed window. */
    static final int CANCELLED = 130;
    /** Exit code of an unexpected failure. */
    static final int FAILED = 1;

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    @Override
    public int handleExecutionException(Exception e, CommandLine cl, ParseResult parsed) {
        return report(e, cl.getCommandSpec().qualifiedName(), cl.getErr(), parsed.originalArgs().toArray(String[]::new));
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        String name = cl.getCommandSpec().qualifiedName();
        cl.getErr().println(name + ": " + OneLine.of(e.getMessage()) + " (see " + name + " --help)");
        cl.getErr().flush();
        return cl.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** One line on err for any failure (an Error too), the trace in a log file; returns the exit code. */
    static int report(Throwable t, String command, PrintWriter err, String[] args) {
        if (t instanceof CancelledException) {
            err.println(command + ": cancelled");
            err.flush();
            return CANCELLED;
        }
        err.println(command + ": " + OneLine.of(t) + " (" + log(t, command, args) + ")");
        err.flush();
        return FAILED;
    }

    /** Writes the trace to home/logs and says where; a log that cannot be written must not hide the failure. */
    private static String log(Throwable t, String command, String[] args) {
        Path dir = ModelRegistry.home().resolve("logs");
        Path file = dir.resolve("lunglens-" + LocalDateTime.now().format(STAMP) + "-" + ProcessHandle.current().pid()
                + ".log");
        StringWriter trace = new StringWriter();
        try (PrintWriter w = new PrintWriter(trace)) {
            w.println(command + " " + String.join(" ", args));
            w.println("java " + System.getProperty("java.version") + ", " + System.getProperty("os.name") + " "
                    + System.getProperty("os.arch"));
            t.printStackTrace(w);
        }
        try {
            Files.createDirectories(dir);
            Files.writeString(file, trace.toString());
            return "details in " + file;
        } catch (IOException | RuntimeException e) {
            return "no log: " + OneLine.of(e);
        }
    }
}
