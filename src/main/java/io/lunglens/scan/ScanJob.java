package io.lunglens.scan;

import io.lunglens.gate.FrontalCheck;
import io.lunglens.gate.InputGate;
import io.lunglens.imaging.ImageFiles;
import io.lunglens.imaging.ImageLoadException;
import io.lunglens.imaging.ImageLoader;
import io.lunglens.imaging.ModelInput;
import io.lunglens.imaging.ReducedImage;
import io.lunglens.imaging.XrayImage;
import io.lunglens.model.Classifier;
import io.lunglens.model.ModelCard;
import io.lunglens.model.Prediction;
import io.lunglens.task.AtomicFiles;
import io.lunglens.task.CancelledException;
import io.lunglens.task.Job;
import io.lunglens.task.Progress;
import io.lunglens.training.Evaluation;
import io.lunglens.training.Evaluator;
import java.io.BufferedWriter;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scans a folder of any size: a small pool decodes and preprocesses files, at most a few batches ahead, while this
 * thread runs the network on batches and appends rows to OUT.partial, which becomes OUT atomically at the end.
 * A crash or cancel leaves OUT.partial holding every row finished so far; {@code resume} continues from it.
 * Memory stays flat: only the files in flight are decoded, and only their model-size planes are kept.
 */
public final class ScanJob implements Job<ScanSummary> {

    private static final Logger LOG = LoggerFactory.getLogger(ScanJob.class);
    private static final long FLUSH_NANOS = 1_000_000_000L;
    private static final int FLUSH_ROWS = 100;

    private final Classifier classifier;
    private final ScanOptions options;
    private final InputGate gate;
    private final ScanListener listener;

    public ScanJob(Classifier classifier, ScanOptions options, ScanListener listener) {
        this(classifier, options, listener, InputGate.standard());
    }

    public ScanJob(Classifier classifier, ScanOptions options, ScanListener listener, InputGate gate) {
        this.gate = gate;
        this.classifier = classifier;
        this.options = options;
        this.listener = listener;
    }

    /** A file decoded into the model's input plane, or the reason it could not be. */
    private record Decoded(Path path, float[] plane, int width, int height, String format, String error,
                           double millis, String patientName, String patientId, FrontalCheck.Result frontal) {
    }

    @Override
    public ScanSummary run(Progress progress) throws IOException {
        long start = System.nanoTime();
        Path folder = options.folder();
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException(folder + ": not a folder");
        }
        ModelCard card = classifier.card();
        Layout layout = layout();
        ScanCsv csv = csv(layout);
        progress.update(0, 0, "listing " + folder);
        List<Path> files = files(layout);
        List<ScanRow> kept = options.resume() ? kept(csv, files) : List.of();
        Set<Path> done = new HashSet<>();
        kept.forEach(r -> done.add(key(r.path())));
        List<Path> todo = files.stream().filter(f -> !done.contains(key(f))).toList();

        Path output = options.output().toAbsolutePath();
        Files.createDirectories(output.getParent());
        Path partial = options.partial().toAbsolutePath();
        AtomicFiles.write(partial, csv.document(kept));
        if (!kept.isEmpty()) {
            listener.rows(kept);
        }
        Tally tally = new Tally(kept, files.size(), todo.size());
        try (PartialFile out = new PartialFile(partial, csv)) {
            stream(todo, layout, rows -> {
                out.append(rows);
                ScanStats stats = tally.add(rows);
                listener.rows(rows);
                listener.progress(stats);
                progress.update(tally.all.size(), tally.files, stats.describe());
            }, progress);
            out.sync();
        }
        Files.move(partial, output, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        ScanStats last = tally.stats(true);
        listener.progress(last);
        progress.update(tally.all.size(), files.size(), last.describe());
        return summary(tally, kept.size(), (System.nanoTime() - start) / 1e9, layout, card);
    }

    /**
     * The files {@link #run} scans, in its order: images under the options' folder, without the masks and lesion
     * maps of a labelled folder's classes.
     */
    public List<Path> files() throws IOException {
        return files(layout());
    }

    /** The CSV's columns for this scan: true_label for a labelled folder, identifiers when asked for. */
    public ScanCsv csv() throws IOException {
        return csv(layout());
    }

    private ScanCsv csv(Layout layout) {
        return new ScanCsv(layout.labelled(), options.includeDicomIds());
    }

    private List<Path> files(Layout layout) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path f : ImageFiles.list(options.folder(), options.recursive())) {
            if (!layout.skip(f)) {
                files.add(f);
            }
        }
        return files;
    }

    /**
     * Whether {@link #files} keeps this path, judged by its name alone: for a listing made elsewhere (a Hadoop file
     * system) over a folder that holds the listed tree's class folders.
     */
    public boolean keeps(Path file) throws IOException {
        return !layout().skip(file);
    }

    /**
     * Rows for these files (under the options' folder), in their order, by the same decoding and network code as
     * {@link #run}, with nothing written: the unit an archive-scale scan (spark/) runs on each slice of its files.
     */
    public List<ScanRow> rows(List<Path> files, Progress progress) throws IOException {
        List<ScanRow> out = new ArrayList<>(files.size());
        stream(files, layout(), out::addAll, progress);
        return out;
    }

    /**
     * The metrics {@link #run} reports for a labelled folder, over rows of the options' folder however they were
     * made; null when the folder is not labelled or no row is left to score.
     */
    public Evaluation evaluate(List<ScanRow> rows) throws IOException {
        Layout layout = layout();
        return layout.labelled() ? evaluate(rows, layout, classifier.card()) : null;
    }

    private Layout layout() throws IOException {
        return Layout.of(options.folder(), classifier.card().classes());
    }

    /** Where each finished batch of rows goes. */
    private interface BatchSink {
        void accept(List<ScanRow> rows) throws IOException;
    }

    /** Decodes ahead on the pool while this thread runs the network batch by batch and hands the rows on. */
    private void stream(List<Path> todo, Layout layout, BatchSink sink, Progress progress) throws IOException {
        int size = classifier.card().inputSize();
        int batch = options.batchSize();
        try (Decoders decoders = new Decoders(todo, size, Math.max(2 * batch, 16))) {
            while (true) {
                progress.checkCancelled();
                decoders.fill();
                if (decoders.idle()) {
                    return;
                }
                List<Decoded> items = decoders.take(batch, progress);
                decoders.fill();
                sink.accept(infer(items, layout, size * size));
            }
        }
    }

    private ScanSummary summary(Tally tally, int kept, double seconds, Layout layout, ModelCard card) {
        Map<String, Integer> perLabel = new LinkedHashMap<>();
        card.classes().forEach(c -> perLabel.put(c, 0));
        for (ScanRow r : tally.all) {
            if (!r.isError() && !r.isGated()) {
                perLabel.merge(r.label(), 1, Integer::sum);
            }
        }
        int gated = (int) tally.all.stream().filter(ScanRow::isGated).count();
        return new ScanSummary(options.output(), tally.all.size(), tally.scanned, kept, tally.errors, gated, perLabel,
                seconds, tally.rate(), layout.labelled(), layout.labelled() ? evaluate(tally.all, layout, card) : null);
    }

    /** The rows so far, and the counts the progress line shows. */
    private static final class Tally {
        final List<ScanRow> all;
        final int files;
        final int todo;
        final long pipelineStart = System.nanoTime();
        int errors;
        int scanned;

        Tally(List<ScanRow> kept, int files, int todo) {
            this.all = new ArrayList<>(kept);
            this.files = files;
            this.todo = todo;
            this.errors = (int) kept.stream().filter(ScanRow::isError).count();
        }

        ScanStats add(List<ScanRow> rows) {
            for (ScanRow r : rows) {
                if (r.isError()) {
                    errors++;
                    LOG.debug("{}", r.error());
                }
            }
            all.addAll(rows);
            scanned += rows.size();
            return stats(false);
        }

        double rate() {
            return scanned / Math.max((System.nanoTime() - pipelineStart) / 1e9, 1e-9);
        }

        ScanStats stats(boolean finished) {
            double rate = rate();
            return new ScanStats(all.size(), files, errors, rate, finished ? 0 : (todo - scanned) / rate);
        }
    }

    /** Appends rows to OUT.partial and forces them to disk every so often, so that a crash loses few. */
    private static final class PartialFile implements AutoCloseable {
        private final ScanCsv csv;
        private final FileOutputStream fos;
        private final Writer out;
        private long lastSync = System.nanoTime();
        private int unsynced;

        PartialFile(Path partial, ScanCsv csv) throws IOException {
            this.csv = csv;
            this.fos = new FileOutputStream(partial.toFile(), true);
            this.out = new BufferedWriter(new OutputStreamWriter(fos, StandardCharsets.UTF_8), 1 << 16);
        }

        void append(List<ScanRow> rows) throws IOException {
            for (ScanRow r : rows) {
                out.write(csv.line(r));
            }
            unsynced += rows.size();
            if (unsynced >= FLUSH_ROWS || System.nanoTime() - lastSync >= FLUSH_NANOS) {
                sync();
            }
        }

        void sync() throws IOException {
            out.flush();
            fos.getFD().sync();
            lastSync = System.nanoTime();
            unsynced = 0;
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /** The decoding pool, kept at most {@code ahead} files ahead of the network. */
    private final class Decoders implements AutoCloseable {
        private final List<Path> todo;
        private final int size;
        private final int ahead;
        private final ExecutorService pool;
        private final Deque<Future<Decoded>> inFlight = new ArrayDeque<>();
        private int next;

        Decoders(List<Path> todo, int size, int ahead) {
            this.todo = todo;
            this.size = size;
            this.ahead = ahead;
            AtomicInteger n = new AtomicInteger();
            this.pool = Executors.newFixedThreadPool(options.decoders(), r -> {
                Thread t = new Thread(r, "scan-decode-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }

        void fill() {
            while (inFlight.size() < ahead && next < todo.size()) {
                Path f = todo.get(next++);
                inFlight.add(pool.submit(() -> decode(f, size)));
            }
        }

        boolean idle() {
            return inFlight.isEmpty();
        }

        List<Decoded> take(int batch, Progress progress) throws IOException {
            List<Decoded> items = new ArrayList<>(batch);
            while (items.size() < batch && !inFlight.isEmpty()) {
                items.add(await(inFlight.poll(), progress));
            }
            return items;
        }

        @Override
        public void close() {
            pool.shutdownNow();
            inFlight.forEach(f -> f.cancel(true));
        }
    }

    private Decoded decode(Path f, int size) {
        long t0 = System.nanoTime();
        try {
            // Large films are read at reduced resolution: the network sees size², the CSV the file's own size.
            ReducedImage read = options.fullDecode() ? ReducedImage.full(ImageLoader.load(f))
                    : ImageLoader.loadForModel(f, size);
            XrayImage img = read.image();
            float[] plane = ModelInput.toTensorData(img, size);
            FrontalCheck.Result frontal = gate.checkFrontal(img);
            Map<String, String> ids = img.info().identifiers();
            return new Decoded(f, plane, read.fullWidth(), read.fullHeight(), img.info().format(), "",
                    (System.nanoTime() - t0) / 1e6, ids.get("PatientName"), ids.get("PatientID"), frontal);
        } catch (ImageLoadException e) {
            return failed(f, e.getMessage(), t0);
        } catch (RuntimeException | OutOfMemoryError e) {
            // The scan goes on whatever one file does, out of memory included; the reason still names the file.
            return failed(f, f + ": cannot read: " + e, t0);
        }
    }

    private static Decoded failed(Path f, String reason, long t0) {
        return new Decoded(f, null, 0, 0, "", reason, (System.nanoTime() - t0) / 1e6, "", "", null);
    }

    private static Decoded await(Future<Decoded> f, Progress progress) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            progress.checkCancelled();
            throw new CancelledException();
        } catch (ExecutionException e) {
            throw new IllegalStateException("decoder failed: " + e.getCause(), e.getCause());
        }
    }

    /** Rows for one batch, in file order; unreadable files pass through as error rows. */
    private List<ScanRow> infer(List<Decoded> items, Layout layout, int plane) {
        List<Decoded> good = items.stream().filter(d -> d.plane() != null).toList();
        float[] planes = new float[good.size() * plane];
        for (int i = 0; i < good.size(); i++) {
            System.arraycopy(good.get(i).plane(), 0, planes, i * plane, plane);
        }
        List<Prediction> preds = classifier.predictPlanes(planes, good.size());
        List<ScanRow> rows = new ArrayList<>(items.size());
        int g = 0;
        for (Decoded d : items) {
            String truth = trueLabel(layout, d.path());
            if (d.plane() == null) {
                rows.add(ScanRow.failed(d.path(), d.error(), d.millis(), truth));
                continue;
            }
            Prediction p = preds.get(g++);
            boolean ids = options.includeDicomIds();
            rows.add(new ScanRow(d.path(),
                    new ScanRow.Verdict(p.label(), p.positiveProbability(), p.probabilities()[p.positiveIndex()]),
                    new ScanRow.FileInfo(d.width(), d.height(), d.format(), ids ? d.patientName() : "",
                            ids ? d.patientId() : ""),
                    new ScanRow.Gate(d.frontal().frontal(), p.inTrainingDomain()), d.millis() + p.millis(), "", truth));
        }
        return rows;
    }

    private String trueLabel(Layout layout, Path file) {
        Path dir = layout.classDir(file);
        return dir == null ? "" : dir.getFileName().toString();
    }

    /** Good rows of the earlier output whose files are still here, with paths as listed now. */
    private List<ScanRow> kept(ScanCsv csv, List<Path> files) throws IOException {
        Map<Path, Path> byKey = new HashMap<>();
        for (Path f : files) {
            byKey.put(key(f), f);
        }
        Path source = Files.isRegularFile(options.partial()) ? options.partial() : options.output();
        if (!Files.isRegularFile(source)) {
            return List.of();
        }
        Map<Path, ScanRow> rows = new LinkedHashMap<>();
        for (ScanRow r : csv.read(source)) {
            Path listed = byKey.get(key(r.path()));
            if (listed != null && !r.isError()) {
                rows.put(listed, r.at(listed));
            }
        }
        return List.copyOf(rows.values());
    }

    /**
     * Scores the labelled rows with training's evaluator. Rows go in the order FolderDataset gives its samples
     * (class folder, then path), so that the bootstrap interval matches `lunglens evaluate` on the same folder.
     */
    private Evaluation evaluate(List<ScanRow> all, Layout layout, ModelCard card) {
        List<ScanRow> labelled = all.stream().filter(r -> layout.classDir(r.path()) != null)
                .sorted(Comparator.comparing((ScanRow r) -> layout.classDir(r.path()))
                        .thenComparing(r -> r.path().toString()))
                .toList();
        List<Evaluation.Row> rows = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        List<String> gated = new ArrayList<>();
        for (ScanRow r : labelled) {
            if (r.isError()) {
                unreadable.add(r.error());
            } else if (r.isGated() && !options.ungated()) {
                gated.add(r.path() + ": " + r.gateReason());
            } else {
                rows.add(new Evaluation.Row(r.path(), layout.label(r.path()), r.label(), r.raw(), r.calibrated()));
            }
        }
        if (rows.isEmpty()) {
            return null;
        }
        return Evaluator.score(card.classes(), card.positiveIndex(), rows, unreadable, gated);
    }

    private static Path key(Path p) {
        return p.toAbsolutePath().normalize();
    }
}
