package io.lunglens.synth;

import io.lunglens.task.AtomicFiles;
import io.lunglens.task.CancelledException;
import io.lunglens.task.Job;
import io.lunglens.task.Progress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Writes a phantom data set in the layout of the COVID-19 Radiography Database:
 * {@code OUT/<COVID|Normal>/{images,masks,lesions}/<label>-<n>.png} and {@code OUT/phantoms.csv}.
 * Images are made on a small thread pool; the output does not depend on the number of threads.
 */
public final class SynthJob implements Job<SynthResult> {

    public static final String CSV = "phantoms.csv";
    public static final String CSV_HEADER =
            "file,label,index,seed,severity,lesion_fraction,bilateral,lesions,ctr,difficulty,shortcut,size,bits,flags";
    public static final List<String> LABELS = List.of("COVID", "Normal");
    public static final List<String> FOLDERS = List.of("images", "masks", "lesions");

    private final Path out;
    private final int perClass;
    private final long seed;
    private final PhantomSpec spec;
    private final boolean force;
    private final int threads;

    /**
     * @param out      the output folder; created if missing, refused if not empty unless force
     * @param perClass images per class, at least 1
     * @param seed     run seed
     * @param spec     size, difficulty, shortcut, bit depth
     * @param force    replace the COVID/, Normal/ and phantoms.csv of an earlier run (other files are kept)
     * @param threads  worker threads, at least 1
     */
    public SynthJob(Path out, int perClass, long seed, PhantomSpec spec, boolean force, int threads) {
        this.out = Objects.requireNonNull(out, "out");
        this.spec = Objects.requireNonNull(spec, "spec");
        if (perClass < 1) {
            throw new IllegalArgumentException("per-class count must be at least 1, was " + perClass);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        this.perClass = perClass;
        this.seed = seed;
        this.force = force;
        this.threads = threads;
    }

    /** Uses up to four threads, as many as there are processors. */
    public SynthJob(Path out, int perClass, long seed, PhantomSpec spec, boolean force) {
        this(out, perClass, seed, spec, force, Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
    }

    @Override
    public SynthResult run(Progress progress) throws IOException {
        long start = System.nanoTime();
        prepare();
        int total = 2 * perClass;
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "synth");
            t.setDaemon(true);
            return t;
        });
        List<String> rows = new ArrayList<>(total);
        try {
            List<Future<String>> futures = new ArrayList<>(total);
            for (boolean covid : new boolean[] {true, false}) {
                for (int i = 0; i < perClass; i++) {
                    int index = i;
                    futures.add(pool.submit(() -> {
                        progress.checkCancelled();
                        return write(PhantomGenerator.generate(spec, covid, seed, index));
                    }));
                }
            }
            for (Future<String> f : futures) {
                if (progress.isCancelled()) {
                    throw new CancelledException();
                }
                String row = f.get();
                rows.add(row);
                progress.update(rows.size(), total, row.substring(0, row.indexOf(',')));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(cause);
        } finally {
            pool.shutdownNow();
        }
        StringBuilder csv = new StringBuilder(CSV_HEADER).append('\n');
        rows.forEach(r -> csv.append(r).append('\n'));
        Path csvPath = out.resolve(CSV);
        AtomicFiles.writeUnsynced(csvPath, csv.toString().getBytes(StandardCharsets.UTF_8));
        return new SynthResult(out, perClass, perClass, csvPath, (System.nanoTime() - start) / 1_000_000);
    }

    /** Makes the folder tree, refusing to mix with earlier content unless forced. */
    private void prepare() {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new IllegalArgumentException("output is a file, not a folder: " + out);
        }
        try {
            if (Files.isDirectory(out)) {
                boolean empty;
                try (Stream<Path> s = Files.list(out)) {
                    empty = s.findAny().isEmpty();
                }
                if (!empty) {
                    if (!force) {
                        throw new IllegalArgumentException("output folder is not empty: " + out + " (use --force to replace its phantoms)");
                    }
                    for (String label : LABELS) {
                        deleteTree(out.resolve(label));
                    }
                    Files.deleteIfExists(out.resolve(CSV));
                }
            }
            for (String label : LABELS) {
                for (String folder : FOLDERS) {
                    Files.createDirectories(out.resolve(label).resolve(folder));
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write to output folder " + out + ": " + reason(e));
        }
        if (!Files.isWritable(out)) {
            throw new IllegalArgumentException("output folder is not writable: " + out);
        }
    }

    private static String reason(IOException e) {
        String name = e.getClass().getSimpleName().replace("Exception", "");
        return e.getMessage() == null ? name : name + " " + e.getMessage();
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Writes the image and its two masks, and returns the phantom's CSV row. */
    private String write(Phantom p) {
        Path dir = out.resolve(p.label());
        String name = p.fileName();
        try {
            AtomicFiles.writeUnsynced(dir.resolve("images").resolve(name), PngFiles.gray(p.pixels(), p.size(), p.bitsStored()));
            AtomicFiles.writeUnsynced(dir.resolve("masks").resolve(name), PngFiles.mask(p.lungMask(), p.size()));
            AtomicFiles.writeUnsynced(dir.resolve("lesions").resolve(name), PngFiles.mask(p.lesionMask(), p.size()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve("images").resolve(name) + ": " + reason(e), e);
        }
        return String.format(Locale.ROOT, "%s/images/%s,%s,%d,%d,%.4f,%.5f,%b,%d,%.3f,%s,%s,%d,%d,%s",
                p.label(), name, p.label(), p.index(), p.seed(), p.severity(), p.lesionFraction(), p.bilateral(),
                p.lesions(), p.ctr(), spec.difficulty().id(), spec.shortcut().id(), spec.size(), spec.bitsStored(),
                String.join(";", p.flags()));
    }
}
