package io.lunglens.cli;

import io.lunglens.imaging.ImageFiles;
import io.lunglens.imaging.ImageInfo;
import io.lunglens.imaging.ImageLoadException;
import io.lunglens.imaging.ImageLoader;
import io.lunglens.imaging.XrayImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** lunglens info FILE... : one line per image, or the reason it failed. */
@Command(name = "info", description = "Print format, size, bit depth and photometric interpretation of images.")
final class InfoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Image files or folders (folders are searched recursively).")
    List<Path> files;

    @Option(names = "--no-recursive", description = "Do not descend into subfolders of a folder.")
    boolean flat;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        int failed = 0;
        List<Path> all = ImageFiles.expand(files, !flat);
        for (Path f : all) {
            try {
                out.println(f + "  " + describe(ImageLoader.load(f)));
            } catch (ImageLoadException e) {
                out.println("FAILED " + e.getMessage());
                failed++;
            }
        }
        out.flush();
        if (all.isEmpty()) {
            spec.commandLine().getErr().println("no image files found in " + files);
            return 1;
        }
        return failed == 0 ? 0 : 1;
    }

    static String describe(XrayImage img) {
        ImageInfo info = img.info();
        StringBuilder s = new StringBuilder()
                .append(info.format()).append("  ")
                .append(img.width()).append('x').append(img.height()).append("  ")
                .append(img.bitsStored()).append("-bit  ")
                .append(img.photometric());
        if (!info.transferSyntax().isEmpty()) {
            s.append("  ts=").append(info.transferSyntax());
        }
        if (info.hasWindow()) {
            s.append(String.format(Locale.ROOT, "  window=%.0f/%.0f", info.windowCenter(), info.windowWidth()));
        }
        if (info.rescaleSlope() != 1.0 || info.rescaleIntercept() != 0.0) {
            s.append(String.format(Locale.ROOT, "  rescale=%.4g*x%+.4g", info.rescaleSlope(), info.rescaleIntercept()));
        }
        if (!info.notes().isEmpty()) {
            s.append("  note: ").append(info.notesLine());
        }
        return s.toString();
    }
}
