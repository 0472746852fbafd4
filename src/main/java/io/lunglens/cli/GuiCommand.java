package io.lunglens.cli;

import io.lunglens.model.ModelCard;
import io.lunglens.ui.LungLensApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** lunglens gui [FILE] : the desktop app. Checked here, so a typo or a missing display gives one line. */
@Command(name = "gui",
        description = {"Open the LungLens window: viewer with verdict and evidence maps, batch scan, retrain.",
            ModelCard.INTENDED_USE + ". Needs a display; every job also runs from the command line."})
final class GuiCommand implements Callable<Integer> {

    private static final String USE_CLI = "the window needs one, and every job also runs from the command line:"
            + " lunglens --help";
    static final String NO_DISPLAY = "no display was found (DISPLAY and WAYLAND_DISPLAY are not set); " + USE_CLI;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "An image or folder to open.")
    Path file;

    @Option(names = "--map", paramLabel = "MAP", description = "Evidence map shown first: grad-cam or occlusion"
            + " (default: grad-cam).")
    String map;

    @Override
    public Integer call() {
        if (map != null && LungLensApp.parseMap(map) == null) {
            throw new ParameterException(spec.commandLine(), "--map must be grad-cam or occlusion, was '" + map + "'");
        }
        if (file != null && !Files.exists(file)) {
            throw new ParameterException(spec.commandLine(), file + ": no such file or folder");
        }
        String problem = ModuleLayer.boot().findModule("javafx.graphics").isEmpty()
                ? "JavaFX is not on the module path; start the window with the lunglens launcher: lunglens gui"
                : !hasDisplay() ? NO_DISPLAY : null;
        if (problem != null) {
            spec.commandLine().getErr().println("lunglens gui: " + problem);
            return 2;
        }
        try {
            LungLensApp.launch(file == null ? null : file.toAbsolutePath(), map, Main.stopOf(spec));
        } catch (RuntimeException e) {
            if (String.valueOf(rootMessage(e)).contains("DISPLAY")) { // "Unable to open DISPLAY": set, but gone
                spec.commandLine().getErr().println("lunglens gui: cannot open the display "
                        + System.getenv("DISPLAY") + "; " + USE_CLI);
                return 2;
            }
            throw e;
        }
        return Main.stopOf(spec).isCancelled() ? Failures.CANCELLED : 0;
    }

    /** X11 or Wayland on Linux; headless Monocle (tests) needs none; other systems always have one. */
    static boolean hasDisplay() {
        if ("Monocle".equalsIgnoreCase(System.getProperty("glass.platform"))
                || !System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return true;
        }
        return !System.getenv().getOrDefault("DISPLAY", "").isBlank()
                || !System.getenv().getOrDefault("WAYLAND_DISPLAY", "").isBlank();
    }

    private static String rootMessage(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        return r.getMessage();
    }
}
