package io.lunglens.ui.scan;

import io.lunglens.model.Classifier;
import io.lunglens.model.ModelRegistry;
import io.lunglens.scan.ScanCsv;
import io.lunglens.task.AtomicFiles;
import io.lunglens.scan.ScanJob;
import io.lunglens.scan.ScanListener;
import io.lunglens.scan.ScanOptions;
import io.lunglens.scan.ScanRow;
import io.lunglens.scan.ScanStats;
import io.lunglens.scan.ScanSummary;
import io.lunglens.task.CancelledException;
import io.lunglens.training.ClassificationMetrics;
import io.lunglens.ui.background.BackgroundTask;
import io.lunglens.ui.background.TaskExecutor;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * State of the Batch scan tab. The scan runs as a {@link ScanJob} in a {@link BackgroundTask}; its rows and progress
 * are queued by the scan thread and moved to the FX thread every 100 ms, so a fast scan cannot flood the UI.
 * Create and use on the FX thread.
 */
public final class ScanViewModel {

    private static final javafx.util.Duration REFRESH = javafx.util.Duration.millis(100);

    private final ObjectProperty<Path> folder = new SimpleObjectProperty<>();
    private final ObjectProperty<Path> output = new SimpleObjectProperty<>();
    private final StringProperty model = new SimpleStringProperty();
    private final BooleanProperty recursive = new SimpleBooleanProperty(true);
    private final BooleanProperty resume = new SimpleBooleanProperty(false);
    private final BooleanProperty includeDicomIds = new SimpleBooleanProperty(false);
    private final BooleanProperty ungated = new SimpleBooleanProperty(false);
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Choose a folder and press Start.");
    private final ReadOnlyStringWrapper summaryText = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<ScanSummary> summary = new ReadOnlyObjectWrapper<>();
    private final ObservableList<ScanRow> rows = FXCollections.observableArrayList();
    private final ObservableList<ScanRow> shownRows = FXCollections.unmodifiableObservableList(rows);
    private final Map<String, Integer> counts = new LinkedHashMap<>();

    private final ConcurrentLinkedQueue<List<ScanRow>> pending = new ConcurrentLinkedQueue<>();
    private final AtomicReference<ScanStats> latest = new AtomicReference<>();
    private final Timeline refresh = new Timeline(new KeyFrame(REFRESH, e -> drain()));
    private final ModelRegistry registry;
    private final Path scansDir;
    private final TaskExecutor executor;
    private ScanOptions lastOptions;
    private volatile BackgroundTask<ScanSummary> scan;

    /**
     * @param registry resolves the model to scan with
     * @param scansDir where a folder's CSV goes unless the user picks another
     * @param executor runs the scan
     */
    public ScanViewModel(ModelRegistry registry, Path scansDir, TaskExecutor executor) {
        this.registry = registry;
        this.scansDir = scansDir;
        this.executor = executor;
        refresh.setCycleCount(Timeline.INDEFINITE);
        folder.addListener((o, was, now) -> {
            if (now != null && (output.get() == null || output.get().equals(defaultOutput(was)))) {
                output.set(defaultOutput(now));
            }
        });
    }

    /** &lt;scans folder&gt;/&lt;folder name&gt;.csv: outside the scanned folder, so data stays untouched. */
    private Path defaultOutput(Path folder) {
        if (folder == null) {
            return null;
        }
        Path name = folder.toAbsolutePath().normalize().getFileName();
        return scansDir.resolve((name == null ? "root" : name.toString()) + ".csv");
    }

    public ObjectProperty<Path> folderProperty() { return folder; }

    public ObjectProperty<Path> outputProperty() { return output; }

    /** A bundle folder or model name; null or blank for the active model. */
    public StringProperty modelProperty() { return model; }

    public BooleanProperty recursiveProperty() { return recursive; }

    public BooleanProperty resumeProperty() { return resume; }

    public BooleanProperty includeDicomIdsProperty() { return includeDicomIds; }
    /** Count the images the input gate refuses in a labelled folder's metrics too. */
    public BooleanProperty ungatedProperty() { return ungated; }

    public ReadOnlyBooleanProperty runningProperty() { return running.getReadOnlyProperty(); }

    /** 0..1, or -1 while the folder is listed and the model loaded. */
    public ReadOnlyDoubleProperty progressProperty() { return progress.getReadOnlyProperty(); }

    /** One line: progress with speed and ETA, or how the scan ended. */
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }

    /** Counts per label and, for a labelled folder, its metrics. */
    public ReadOnlyStringProperty summaryTextProperty() { return summaryText.getReadOnlyProperty(); }

    /** The last completed scan's summary, or null. */
    public ReadOnlyObjectProperty<ScanSummary> summaryProperty() { return summary.getReadOnlyProperty(); }

    /** Every row so far, in the order they finished. */
    public ObservableList<ScanRow> rows() { return shownRows; }

    /** Starts a scan of the chosen folder; does nothing while one runs. */
    public void start() {
        if (running.get()) {
            return;
        }
        if (folder.get() == null || output.get() == null) {
            status.set("Choose a folder first.");
            return;
        }
        ScanOptions options;
        try {
            options = ScanOptions.of(folder.get(), output.get()).withRecursive(recursive.get())
                    .withResume(resume.get()).withDicomIds(includeDicomIds.get()).withUngated(ungated.get());
        } catch (IllegalArgumentException e) {
            status.set(e.getMessage());
            return;
        }
        lastOptions = options;
        rows.clear();
        counts.clear();
        pending.clear();
        latest.set(null);
        summary.set(null);
        summaryText.set("");
        progress.set(-1);
        status.set("Starting…");
        String modelName = model.get() == null || model.get().isBlank() ? null : model.get();
        ScanListener listener = new ScanListener() {
            @Override
            public void rows(List<ScanRow> r) {
                pending.add(r);
            }

            @Override
            public void progress(ScanStats s) {
                latest.set(s);
            }
        };
        BackgroundTask<ScanSummary> task = BackgroundTask.<ScanSummary>of(p -> {
            try (Classifier c = Classifier.load(registry.resolve(modelName))) {
                return new ScanJob(c, options, listener).run(p);
            }
        });
        task.onSuccess(s -> finished(s, null)).onFailure(e -> finished(null, e))
                .onCancelled(() -> finished(null, new CancelledException()));
        scan = task;
        running.set(true);
        refresh.play();
        executor.execute(task);
    }

    /** Asks the scan to stop after the batch in progress; finished rows stay in the partial CSV. */
    public void cancel() {
        BackgroundTask<?> t = scan;
        if (t != null && running.get()) {
            t.cancel(false);
            status.set("Cancelling…");
        }
    }

    /**
     * The window is closing: cancels a running scan and waits up to timeout for its job to end, so the rows
     * finished so far are in the partial CSV (resumable) and no batch is inside the network. True if it ended.
     * Any thread.
     */
    public boolean close(Duration timeout) {
        BackgroundTask<?> t = scan;
        if (t == null) {
            return true;
        }
        t.cancel(false);
        return t.awaitEnd(timeout);
    }

    /** Writes the rows the table shows as CSV and says so in the status line; a failure is said there too. */
    public void exportShown(Path file, List<ScanRow> shown) {
        try {
            export(file, shown);
            status.set("Exported " + shown.size() + " rows to " + file);
        } catch (IOException e) {
            status.set("Export failed: " + e.getMessage());
        }
    }

    /** Writes these rows (e.g. the table's filtered, sorted view) as CSV, atomically, with the scan's columns. */
    public void export(Path file, List<ScanRow> which) throws IOException {
        boolean labelled = which.stream().anyMatch(r -> !r.trueLabel().isEmpty());
        boolean ids = lastOptions != null && lastOptions.includeDicomIds();
        AtomicFiles.write(file, new ScanCsv(labelled, ids).document(new ArrayList<>(which)));
    }

    private void finished(ScanSummary s, Throwable error) {
        drain();
        refresh.stop();
        running.set(false);
        if (s != null) {
            summary.set(s);
            progress.set(1);
            status.set(String.format(Locale.ROOT, "Done: %d files (%d unreadable), %.1f img/s. Wrote %s",
                    s.files(), s.errors(), s.imagesPerSecond(), s.output()));
            summaryText.set(describe(s));
        } else if (error instanceof CancelledException) {
            status.set("Cancelled: " + rows.size() + " rows kept in " + lastOptions.partial()
                    + ". Tick Resume and Start to continue.");
        } else {
            progress.set(0);
            status.set("Scan failed: " + (error == null ? "unknown error" : error.getMessage()));
        }
    }

    private void drain() {
        List<ScanRow> batch = new ArrayList<>();
        for (List<ScanRow> r; (r = pending.poll()) != null; ) {
            batch.addAll(r);
        }
        if (!batch.isEmpty()) {
            rows.addAll(batch);
            for (ScanRow r : batch) {
                counts.merge(r.isError() ? "unreadable" : r.isGated() ? "no verdict (input gate)" : r.label(), 1,
                        Integer::sum);
            }
            if (summary.get() == null) {
                summaryText.set(countLine());
            }
        }
        ScanStats s = latest.get();
        if (s != null && running.get() && !scan.isCancelled()) {
            progress.set(s.total() == 0 ? 1 : (double) s.done() / s.total());
            status.set(s.describe());
        }
    }

    private String countLine() {
        StringBuilder b = new StringBuilder();
        counts.forEach((k, v) -> b.append(b.length() == 0 ? "" : " · ").append(k).append(": ").append(v));
        return b.toString();
    }

    private String describe(ScanSummary s) {
        StringBuilder b = new StringBuilder();
        s.perLabel().forEach((k, v) -> b.append(b.length() == 0 ? "" : " · ").append(k).append(": ").append(v));
        b.append(" · unreadable: ").append(s.errors());
        if (s.gated() > 0) {
            b.append(" · no verdict (input gate): ").append(s.gated());
        }
        if (s.labelled()) {
            ClassificationMetrics m = s.evaluation().metrics();
            b.append(String.format(Locale.ROOT, "%nLabelled folder, %d images, positive class %s%s:%n",
                    s.evaluation().rows().size(), s.evaluation().classes().get(s.evaluation().positive()),
                    s.evaluation().gated().isEmpty() ? "" : " (" + s.evaluation().gated().size()
                            + " refused by the input gate are left out)"));
            b.append("accuracy ").append(m.accuracy()).append(" · sensitivity ").append(m.recall())
                    .append(" · specificity ").append(m.specificity()).append(" · precision ").append(m.precision())
                    .append(String.format(Locale.ROOT, "%nROC AUC %s · confusion TP %d FP %d TN %d FN %d",
                            m.aucInterval(), m.tp(), m.fp(), m.tn(), m.fn()));
        }
        if (!s.labelled() && s.labelledFolder() && s.gated() > 0) {
            b.append(String.format(Locale.ROOT, "%nLabelled folder: no metrics, the input gate refused every image."));
        }
        return b.toString();
    }
}
