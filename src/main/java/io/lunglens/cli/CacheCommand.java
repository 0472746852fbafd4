package io.lunglens.cli;

import io.lunglens.training.PreprocessCache;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** lunglens cache [--clear] : where the preprocessing cache is, what it holds, and emptying it. */
@Command(name = "cache", description = "Show the preprocessing cache (images decoded once at model input size, for"
        + " training): its folder, files and size; --clear empties it. Cap: LUNGLENS_CACHE_MAX (default 10g).")
final class CacheCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--clear", description = "Delete every cached image (they are made again when next needed).")
    boolean clear;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        PreprocessCache cache = PreprocessCache.standard();
        if (clear) {
            long n = cache.clear();
            o.printf(Locale.ROOT, "cleared %s: %d file(s) removed%n", cache.folder(), n);
        } else {
            PreprocessCache.Usage u = cache.usage();
            o.printf(Locale.ROOT, "cache %s%n%d file(s), %s of %s%n", u.folder(), u.files(), size(u.bytes()),
                    size(u.maxBytes()));
        }
        o.flush();
        return 0;
    }

    static String size(long bytes) {
        if (bytes < 1 << 20) {
            return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
        }
        if (bytes < 1L << 30) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / (double) (1 << 20));
        }
        return String.format(Locale.ROOT, "%.2f GB", bytes / (double) (1L << 30));
    }
}
