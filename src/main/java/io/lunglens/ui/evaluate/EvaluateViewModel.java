package io.lunglens.ui.evaluate;

import io.lunglens.model.Classifier;
import io.lunglens.model.EvidenceMethod;
import io.lunglens.model.ModelRegistry;
import io.lunglens.report.EvaluationReport;
import io.lunglens.task.CancelledException;
import io.lunglens.task.OneLine;
import io.lunglens.task.Progress;
import io.lunglens.training.ClassificationMetrics;
import io.lunglens.training.DatasetException;
import io.lunglens.training.Evaluation;
import io.lunglens.training.EvaluationJob;
import io.lunglens.training.EvaluationResult;
import io.lunglens.training.EvaluationText;
import io.lunglens.training.Split;
import io.lunglens.training.TrainingOutcome;
import io.lunglens.ui.background.BackgroundTask;
import io.lunglens.ui.background.TaskExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
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
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.chart.XYChart;

/**
 * State of the Evaluate view: a model, a labelled folder or the model's own test split, a running
 * {@link EvaluationJob}, and its result as the view shows it (metric rows, confusion matrix, chart series, the
 * shortcut check, the audit's warning, one row per image). The Retrain tab hands it a freshly trained model with
 * {@link #evaluateTestSplit}. Create and use on the FX thread.
 */
public final class EvaluateViewModel {

    /** A model the registry offers: its folder name and bundle folder. */
    public record ModelChoice(String name, Path dir) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** One line of the metrics table; interval is "" where the metric has none. */
    public record MetricRow(String metric, String value, String interval) {
    }

    /**
     * One scored image as the per-image table shows it.
     *
     * @param positive   calibrated probability of the positive class
     * @param correct    whether the metrics count it as right
     * @param confidence calibrated probability of the side it was called
     */
    public record ImageRow(Path file, String name, String trueClass, String predicted, double positive,
                           boolean correct, double confidence) {
        public String result() {
            return correct ? "correct" : "error";
        }
    }

    /**
     * The 2×2 confusion matrix, positive class first: counts[true][predicted].
     *
     * @param names the positive class's name, then the negative side's
     */
    public record Confusion(List<String> names, int[][] counts) {
        /** Share of the true class's images predicted as predicted: each row sums to 1. */
        public double rate(int actual, int predicted) {
            int n = counts[actual][0] + counts[actual][1];
            return n == 0 ? Double.NaN : (double) counts[actual][predicted] / n;
        }
    }

    private final ObservableList<ModelChoice> models = FXCollections.observableArrayList();
    private final ObjectProperty<ModelChoice> model = new SimpleObjectProperty<>(this, "model");
    private final ObjectProperty<Path> folder = new SimpleObjectProperty<>(this, "folder");
    private final BooleanProperty testSplit = new SimpleBooleanProperty(this, "testSplit");
    private final BooleanProperty ungated = new SimpleBooleanProperty(this, "ungated");
    private final ObjectProperty<EvidenceMethod> check = new SimpleObjectProperty<>(this, "check", EvidenceMethod.FAST);
    private final ReadOnlyStringWrapper checkShown = new ReadOnlyStringWrapper(this, "checkShown", "");
    private final ReadOnlyBooleanWrapper testSplitAvailable = new ReadOnlyBooleanWrapper(this, "testSplitAvailable");
    private final ReadOnlyStringWrapper testSplitFolder = new ReadOnlyStringWrapper(this, "testSplitFolder", "");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status",
            "Choose a model and a labelled folder (one subfolder per class), or the model's own test split.");
    private final ReadOnlyObjectWrapper<EvaluationResult> result = new ReadOnlyObjectWrapper<>(this, "result");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ReadOnlyObjectWrapper<Confusion> confusion = new ReadOnlyObjectWrapper<>(this, "confusion");
    private final ReadOnlyStringWrapper rocTitle = new ReadOnlyStringWrapper(this, "rocTitle", "ROC curve");
    private final ReadOnlyStringWrapper shortcutVerdict = new ReadOnlyStringWrapper(this, "shortcutVerdict", "");
    private final ReadOnlyBooleanWrapper shortcutSuspected = new ReadOnlyBooleanWrapper(this, "shortcutSuspected");
    private final ReadOnlyStringWrapper auditWarning = new ReadOnlyStringWrapper(this, "auditWarning", "");
    private final ReadOnlyStringWrapper leftOut = new ReadOnlyStringWrapper(this, "leftOut", "");
    private final ObservableList<MetricRow> metrics = FXCollections.observableArrayList();
    private final ObservableList<MetricRow> metricsShown = FXCollections.unmodifiableObservableList(metrics);
    private final ObservableList<String> evidence = FXCollections.observableArrayList();
    private final ObservableList<String> evidenceShown = FXCollections.unmodifiableObservableList(evidence);
    private final ObservableList<ImageRow> images = FXCollections.observableArrayList();
    private final ObservableList<ImageRow> imagesShown = FXCollections.unmodifiableObservableList(images);
    private final ObservableList<XYChart.Series<Number, Number>> roc = FXCollections.observableArrayList();
    private final ObservableList<XYChart.Series<Number, Number>> reliability = FXCollections.observableArrayList();
    private final ModelRegistry registry;
    private final TaskExecutor executor;
    private volatile BackgroundTask<?> current;
    /** The bundle whose result is shown: the report's example maps come from it. */
    private Path shownBundle;

    /**
     * @param registry offers the models
     * @param executor runs the evaluation: it loads its own copy of the model and runs one occlusion map per image
     */
    public EvaluateViewModel(ModelRegistry registry, TaskExecutor executor) {
        this.registry = registry;
        this.executor = executor;
        model.addListener((o, was, now) -> describeTestSplit(now));
    }

    /** Whether the model carries a split manifest, and which folder its test split comes from. */
    private void describeTestSplit(ModelChoice m) {
        Path manifest = m == null ? null : m.dir().resolve(Split.MANIFEST_FILE);
        boolean has = manifest != null && Files.isRegularFile(manifest);
        testSplitAvailable.set(has);
        if (!has) {
            testSplit.set(false);
            testSplitFolder.set(m == null ? "" : "(this model carries no split manifest)");
            return;
        }
        try {
            Path root = Split.manifestRoot(manifest);
            testSplitFolder.set("(files kept out of training, from " + root + (Files.isDirectory(root) ? ")"
                    : ", which is not on this computer)"));
        } catch (DatasetException e) {
            testSplitFolder.set(OneLine.of(e));
        }
    }

    /** Offers the registry's models again; keeps the choice if it is still there, else picks the active model. */
    public void refreshModels() {
        List<ModelChoice> all = registry.list().stream()
                .map(e -> new ModelChoice(e.dir().getFileName().toString(), e.dir())).toList();
        ModelChoice chosen = model.get();
        models.setAll(all);
        if (chosen != null && all.contains(chosen)) {
            return;
        }
        Path active = registry.active().map(EvaluateViewModel::normal).orElse(null);
        model.set(all.stream().filter(c -> normal(c.dir()).equals(active)).findFirst()
                .orElse(all.isEmpty() ? null : all.get(0)));
    }

    private static Path normal(Path p) {
        return p.toAbsolutePath().normalize();
    }

    /** Chooses this bundle (offering it if the registry does not list it) and evaluates it on its own test split. */
    public void evaluateTestSplit(Path bundleDir) {
        refreshModels();
        model.set(choice(bundleDir));
        testSplit.set(true);
        start();
    }

    /** This bundle among the models, added to them when the registry does not list it. */
    private ModelChoice choice(Path bundleDir) {
        return models.stream().filter(m -> normal(m.dir()).equals(normal(bundleDir))).findFirst()
                .orElseGet(() -> {
                    ModelChoice extra = new ModelChoice(String.valueOf(bundleDir.getFileName()), bundleDir);
                    models.add(extra);
                    return extra;
                });
    }

    /** Shows a training run's own test-split result, scored as the run saved it, without scoring it again. */
    public void showTrained(TrainingOutcome run) {
        if (running.get()) {
            return;
        }
        refreshModels();
        model.set(choice(run.bundle()));
        testSplit.set(true);
        clear();
        shownBundle = run.bundle();
        show(EvaluationResult.ofTraining(run));
    }

    /** Starts the evaluation the settings describe; does nothing while one runs. */
    public void start() {
        if (running.get()) {
            return;
        }
        ModelChoice m = model.get();
        if (m == null || !testSplit.get() && folder.get() == null) {
            status.set(m == null ? "Choose a model first." : "Choose a labelled folder, or the model's own test split.");
            return;
        }
        clear();
        EvaluationJob.Request request = new EvaluationJob.Request(m.dir(), testSplit.get() ? null : folder.get(),
                null, null, testSplit.get(), ungated.get(), true, check.get());
        EvaluationJob job = new EvaluationJob(request);
        BackgroundTask<EvaluationResult> t = BackgroundTask.<EvaluationResult>of(p -> job.run(counted(p)))
                .onSuccess(r -> {
                    shownBundle = request.bundleDir();
                    show(r);
                })
                .onCancelled(() -> finish("Cancelled; nothing was scored."))
                .onFailure(e -> finish(failure(e, request.ungated() || request.testSplit())));
        current = t;
        running.set(true);
        progress.bind(t.progressProperty());
        status.bind(t.messageProperty());
        executor.execute(t);
    }

    /** Why nothing was scored, in one line; when the gate refused every image, how to score them anyway. */
    private static String failure(Throwable e, boolean ungated) {
        if (e instanceof CancelledException) {
            return "Cancelled; nothing was scored.";
        }
        return "Evaluation failed: " + OneLine.of(e) + (e instanceof IllegalArgumentException && !ungated
                ? "; tick \"Score refused images too\" to score them anyway, as unreliable verdicts" : "");
    }

    /** The job's progress with the image count in its message: "evaluating 12 of 40". */
    private static Progress counted(Progress p) {
        return new Progress() {
            @Override
            public void update(long done, long total, String message) {
                p.update(done, total, total > 0 ? message + " " + done + " of " + total : message);
            }

            @Override
            public boolean isCancelled() {
                return p.isCancelled();
            }
        };
    }

    /** Writes the shown result's report folder (report.md, evaluation.json, charts, report.pdf with example maps). */
    public void saveReport(Path dir) {
        EvaluationResult r = result.get();
        Path bundle = shownBundle;
        if (r == null || bundle == null || running.get()) {
            return;
        }
        BackgroundTask<Path> t = BackgroundTask.<Path>of(p -> {
            try (Classifier c = Classifier.load(bundle)) {
                return EvaluationReport.writeFolder(r, c, dir, p);
            }
        }).onSuccess(pdf -> finish("Saved the report to " + dir + " (report.pdf, report.md, charts)."))
                .onCancelled(() -> finish("Cancelled; the report in " + dir + " may be incomplete."))
                .onFailure(e -> finish("The report was not saved: " + OneLine.of(e)));
        current = t;
        running.set(true);
        progress.bind(t.progressProperty());
        status.bind(t.messageProperty());
        executor.execute(t);
    }

    /** Asks the evaluation to stop before its next image. */
    public void cancel() {
        BackgroundTask<?> t = current;
        if (t != null) {
            t.cancel(false);
        }
    }

    /** Cancels a running evaluation and waits up to timeout for it to stop; true if it has. Any thread. */
    public boolean close(Duration timeout) {
        BackgroundTask<?> t = current;
        cancel();
        return t == null || t.awaitEnd(timeout);
    }

    private void clear() {
        result.set(null);
        summary.set("");
        confusion.set(null);
        rocTitle.set("ROC curve");
        shortcutVerdict.set("");
        shortcutSuspected.set(false);
        auditWarning.set("");
        leftOut.set("");
        metrics.clear();
        evidence.clear();
        images.clear();
        roc.clear();
        reliability.clear();
    }

    private void show(EvaluationResult r) {
        Evaluation e = r.evaluation();
        ClassificationMetrics m = e.metrics();
        summary.set(summaryLine(r));
        metrics.setAll(EvaluationTables.metricRows(e));
        confusion.set(EvaluationTables.confusion(e));
        rocTitle.set(String.format(Locale.ROOT, "ROC curve, AUC %s", m.aucInterval()));
        roc.setAll(EvaluationTables.rocSeries(m));
        reliability.setAll(EvaluationTables.reliabilitySeries(e));
        checkShown.set(EvaluationText.checkLabel(e));
        evidence.setAll(EvaluationTables.evidenceLines(e));
        shortcutSuspected.set(e.shortcutSuspected());
        shortcutVerdict.set(EvaluationTables.shortcutVerdict(e));
        auditWarning.set(r.auditWarning().isEmpty() ? "" : "Possible shortcut in the data: " + r.auditWarning());
        leftOut.set(EvaluationTables.leftOut(r));
        images.setAll(EvaluationTables.imageRows(r));
        result.set(r);
        finish(String.format(Locale.ROOT, "Done: %d images scored.", e.rows().size()));
    }

    private static String summaryLine(EvaluationResult r) {
        Evaluation e = r.evaluation();
        return String.format(Locale.ROOT, "Model %s on %s%s: %d images, positive class %s.%s", r.modelId(),
                r.testSplit() ? "its own test split of " : "", r.folder(), e.rows().size(),
                e.classes().get(e.positive()), r.synthetic() ? " Trained on synthetic phantoms: not for patients." : "");
    }

    private void finish(String message) {
        progress.unbind();
        status.unbind();
        progress.set(result.get() == null ? 0 : 1);
        status.set(message);
        current = null;
        // Last: "not running" is what watchers wait for, and then they read the rest.
        running.set(false);
    }

    public ObservableList<ModelChoice> getModels() { return models; }
    public ObjectProperty<ModelChoice> modelProperty() { return model; }
    /** The labelled folder, one subfolder per class; unused with the test split. */
    public ObjectProperty<Path> folderProperty() { return folder; }
    /** Score the model's own test split (its split.json) instead of a folder. */
    public BooleanProperty testSplitProperty() { return testSplit; }
    /** Score images the input gate refuses too (a test split always is, as training scored it). */
    public BooleanProperty ungatedProperty() { return ungated; }
    /** How the shortcut check measures the evidence in the next evaluation. */
    public ObjectProperty<EvidenceMethod> checkProperty() { return check; }
    /** The method the shown result's check used, e.g. "lung-field occlusion"; "" before a result. */
    public ReadOnlyStringProperty checkShownProperty() { return checkShown.getReadOnlyProperty(); }
    /** Where the chosen model's test split comes from, or why it has none. */
    public ReadOnlyStringProperty testSplitFolderProperty() { return testSplitFolder.getReadOnlyProperty(); }
    /** The chosen model carries a split manifest. */
    public ReadOnlyBooleanProperty testSplitAvailableProperty() { return testSplitAvailable.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty runningProperty() { return running.getReadOnlyProperty(); }
    /** 0..1, or -1 while the model loads. */
    public ReadOnlyDoubleProperty progressProperty() { return progress.getReadOnlyProperty(); }
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }
    /** The last finished evaluation, or null. */
    public ReadOnlyObjectProperty<EvaluationResult> resultProperty() { return result.getReadOnlyProperty(); }
    /** Model, data and image count in one line. */
    public ReadOnlyStringProperty summaryProperty() { return summary.getReadOnlyProperty(); }
    public ObservableList<MetricRow> metrics() { return metricsShown; }
    public ReadOnlyObjectProperty<Confusion> confusionProperty() { return confusion.getReadOnlyProperty(); }
    public ReadOnlyStringProperty rocTitleProperty() { return rocTitle.getReadOnlyProperty(); }
    /** The model's ROC curve and the chance diagonal. */
    public ObservableList<XYChart.Series<Number, Number>> rocSeries() { return roc; }
    /** Observed against predicted, before and after calibration, and the diagonal of perfect calibration. */
    public ObservableList<XYChart.Series<Number, Number>> reliabilitySeries() { return reliability; }
    /** Per true class, the share of the shortcut check's evidence inside the lung fields: "COVID 62%". */
    public ObservableList<String> evidence() { return evidenceShown; }
    /** The shortcut check's verdict in plain words; "" before a result. */
    public ReadOnlyStringProperty shortcutVerdictProperty() { return shortcutVerdict.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty shortcutSuspectedProperty() { return shortcutSuspected.getReadOnlyProperty(); }
    /** The data audit's warning when file metadata alone predicts the class; else "". */
    public ReadOnlyStringProperty auditWarningProperty() { return auditWarning.getReadOnlyProperty(); }
    /** Images not scored (refused by the input gate, unreadable, skipped), counted and named; else "". */
    public ReadOnlyStringProperty leftOutProperty() { return leftOut.getReadOnlyProperty(); }
    public ObservableList<ImageRow> images() { return imagesShown; }
}
