package io.lunglens.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** lunglens info FILE... : one line per image, or the reason it failed. */
@Command(name = "info", description = "Print format, size, bit depth and photometric interpretation of images.")
final class InfoCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Image files or folders.")
    List<Path> files;

    @Override
    public Integer call() {
        return 0;
    }
}
