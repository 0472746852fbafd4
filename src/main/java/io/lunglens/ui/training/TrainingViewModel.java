package io.lunglens.ui.training;

import io.lunglens.model.ModelBundleException;
import io.lunglens.model.ModelCard;
import io.lunglens.model.ModelRegistry;
import io.lunglens.report.TrainingReport;
import io.lunglens.synth.SynthJob;
import io.lunglens.task.Job;
import io.lunglens.task.OneLine;
import io.lunglens.training.BundleTrainer;
import io.lunglens.training.ClassificationMetrics;
import io.lunglens.training.DatasetException;
import io.lunglens.training.EpochListener;
import io.lunglens.training.EpochStats;
import io.lunglens.training.EvaluationText;
import io.lunglens.training.FolderDataset;
import io.lunglens.training.OverfitDetector;
import io.lunglens.training.RunFolder;
import io.lunglens.training.Sample;
import io.lunglens.training.Split;
import io.lunglens.training.StepTimer;
import io.lunglens.training.TrainConfig;
import io.lunglens.training.TrainingEstimate;
import io.lunglens.training.TrainingEta;
import io.lunglens.training.TrainingOutcome;
import io.lunglens.training.audit.DataAudit;
import io.lunglens.ui.background.BackgroundTask;
import io.lunglens.ui.background.LatestRequest;
import io.lunglens.ui.background.TaskExecutor;
import io.lunglens.ui.training.TrainingSettings.Checked;
import io.lunglens.ui.training.TrainingSettings.StartFrom;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retrain wizard's state: a folder with one subfolder per class, the settings ({@link TrainingSettings}), a
 * running training whose losses and accuracies arrive epoch by epoch, and the result. Training itself is
 * {@link BundleTrainer}; this class only moves its news to the FX thread. A cancelled run writes nothing, so the
 * active model stays as it was.
 */
public final class TrainingViewModel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingViewModel.class);

    private final TrainingSettings settings = new TrainingSettings();
    private final ReadOnlyObjectWrapper<Path> folder = new ReadOnlyObjectWrapper<>(this, "folder");
    private final ReadOnlyStringWrapper dataSummary = new ReadOnlyStringWrapper(this, "dataSummary",
            "Choose a folder with one subfolder per class.");
    private final ReadOnlyBooleanWrapper dataReady = new ReadOnlyBooleanWrapper(this, "dataReady");
    private final ReadOnlyIntegerWrapper notFrontalCount = new ReadOnlyIntegerWrapper(this, "notFrontalCount");
    private final ReadOnlyStringWrapper auditWarning = new ReadOnlyStringWrapper(this, "auditWarning", "");
    private final BooleanProperty excludeNotFrontal = new SimpleBooleanProperty(this, "excludeNotFrontal");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyStringWrapper overfitting = new ReadOnlyStringWrapper(this, "overfitting", "");
    private final ReadOnlyStringWrapper shortcutWarning = new ReadOnlyStringWrapper(this, "shortcutWarning", "");
    private final ReadOnlyStringWrapper result = new ReadOnlyStringWrapper(this, "result", "");
    private final ReadOnlyStringWrapper estimate = new ReadOnlyStringWrapper(this, "estimate", "");
    private final ReadOnlyStringWrapper estimateDetail = new ReadOnlyStringWrapper(this, "estimateDetail", "");
    private final ReadOnlyStringWrapper eta = new ReadOnlyStringWrapper(this, "eta", "");
    private final TrainingCharts charts = new TrainingCharts();
    private final ModelRegistry registry;
    private final TaskExecutor executor;
    private final LatestRequest reads;
    private final LatestRequest timing;
    /** The last measured step and what it was measured for (network, size, batch); the one being measured. */
    private StepTimer.StepTime stepTime;
    private String timedFor;
    private String measuring;
    /** The split the data step shows, which the estimate counts. */
    private Split shownSplit;
    private Consumer<Path> onSaved = p -> { };
    private FolderDataset data;
    /** True while a reading's classes are being shown, so showing them does not ask for another reading. */
    private boolean showingReading;
    private volatile BackgroundTask<TrainingOutcome> current;
    private final ReadOnlyObjectWrapper<TrainingOutcome> outcome = new ReadOnlyObjectWrapper<>(this, "outcome");
    private Consumer<TrainingOutcome> onOpenResult = r -> { };
    private final ObservableList<RunFolder.Resumable> resumable = FXCollections.observableArrayList();
    private final ObservableList<RunFolder.Resumable> resumableView = FXCollections.unmodifiableObservableList(resumable);

    /**
     * @param registry new bundles go to its user models, by model name; its backbones and trained models are
     *                 offered to start from
     * @param executor runs the folder reading and the training
     */
    public TrainingViewModel(ModelRegistry registry, TaskExecutor executor) {
        this.registry = registry;
        this.executor = executor;
        this.reads = new LatestRequest(executor);
        this.timing = new LatestRequest(executor);
        settings.checkedProperty().addListener((o, a, b) -> {
            plan();
            estimate();
        });
        plan();
        excludeNotFrontal.addListener((o, was, now) -> describeData());
        settings.firstClassProperty().addListener((o, a, b) -> reread());
        settings.secondClassProperty().addListener((o, a, b) -> reread());
        settings.positiveProperty().addListener((o, a, b) -> choosePositive(b));
        settings.text(TrainingSetting.PER_CLASS).addListener((o, a, b) -> reread());
        settings.text(TrainingSetting.SEED).addListener((o, a, b) -> {
            // The seed picks the per-class sample; without a cap only the split changes.
            if (capped()) {
                reread();
            } else {
                describeData();
            }
        });
        settings.text(TrainingSetting.SPLIT).addListener((o, a, b) -> describeData());
        refreshResumable();
    }

    /** Offers the registry's imported backbones and trained models besides random weights; reads model cards. */
    public void refreshStartOptions() {
        List<StartFrom> offered = new ArrayList<>();
        registry.backbones().forEach(e -> offered.add(new StartFrom("Backbone: " + e.card().name() + " ("
                + e.card().training().getOrDefault("weights", "imported") + ")", e.dir(), e.card().architecture())));
        registry.list().forEach(e -> offered.add(new StartFrom("Fine-tune: " + e.card().name() + " ("
                + String.join("/", e.card().classes()) + (e.card().synthetic() ? ", phantoms" : "") + ")", e.dir(),
                e.card().architecture())));
        settings.setBundles(offered);
    }

    /** Called on the FX thread with the bundle folder once a model was saved. */
    public void setOnSaved(Consumer<Path> onSaved) {
        this.onSaved = onSaved;
    }

    /** Reads the folder in the background and shows what training would use, or why it cannot. */
    public void chooseFolder(Path dir) {
        folder.set(dir);
        read(List.of());
    }

    /** The chosen classes, cap or seed changed: reads the folder again with them. */
    private void reread() {
        if (showingReading || folder.get() == null) {
            return;
        }
        String a = settings.firstClassProperty().get();
        String b = settings.secondClassProperty().get();
        if (a != null && a.equals(b)) {
            reads.cancel();
            data = null;
            dataReady.set(false);
            dataSummary.set("Choose two different classes.");
            return;
        }
        read(a == null || b == null ? List.of() : List.of(a, b));
    }

    private boolean capped() {
        try {
            return settings.perClass() > 0;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Reads these two classes of the folder (none given: the folder's default pair). */
    private void read(List<String> pair) {
        Path dir = folder.get();
        dataReady.set(false);
        data = null;
        auditWarning.set("");
        LatestRequest.Ticket ticket = reads.next();
        int perClass;
        long seed;
        try {
            perClass = settings.perClass();
            seed = settings.seed();
        } catch (IllegalArgumentException e) {
            dataSummary.set(e.getMessage());
            return;
        }
        String positive = settings.positiveProperty().get();
        dataSummary.set("Reading " + dir + " ...");
        // The audit reads headers only, so its warning costs nothing next to decoding the folder.
        ticket.run(p -> reading(dir, pair, positive, perClass, seed), this::show,
                e -> dataSummary.set(OneLine.of(e)));
    }

    /** A chosen folder: its class folders, the data set of the chosen two, and their metadata audit. */
    private record Reading(List<String> classes, FolderDataset data, DataAudit audit) {
    }

    private static Reading reading(Path dir, List<String> pair, String positive, int perClass, long seed)
            throws Exception {
        List<String> all = List.copyOf(FolderDataset.listClassFiles(dir, List.of()).keySet());
        List<String> two = pair.size() == 2 && all.containsAll(pair) ? pair : defaultPair(all);
        String keep = positive != null && two.contains(positive) ? positive : null;
        FolderDataset d = FolderDataset.open(dir, two, keep, perClass, seed);
        return new Reading(all, d, DataAudit.run(dir, two));
    }

    /** COVID against Normal when the folder has them (the COVID-19 Radiography Database), else the first two. */
    static List<String> defaultPair(List<String> all) {
        List<String> pair = new ArrayList<>();
        for (String want : List.of("covid", "normal")) {
            all.stream().filter(c -> c.toLowerCase(Locale.ROOT).contains(want) && !pair.contains(c)).findFirst()
                    .ifPresent(pair::add);
        }
        all.stream().filter(c -> !pair.contains(c)).forEach(pair::add);
        return List.copyOf(pair.subList(0, 2));
    }

    private void show(Reading r) {
        FolderDataset d = r.data();
        // The positive class may have been picked while the folder was being read; that choice stands.
        String wanted = settings.positiveProperty().get();
        String positive = wanted != null && d.classes().contains(wanted) ? wanted : d.classes().get(d.positive());
        showingReading = true;
        try {
            settings.getClassOptions().setAll(r.classes());
            settings.firstClassProperty().set(d.classes().get(0));
            settings.secondClassProperty().set(d.classes().get(1));
            settings.positiveProperty().set(positive);
        } finally {
            showingReading = false;
        }
        data = withPositive(d, positive);
        notFrontalCount.set(data.notFrontal().size());
        auditWarning.set(r.audit().confounded() ? "Possible shortcut in the data: " + r.audit().rule() : "");
        describeData();
    }

    /** Another positive class among the same two: the images stay, only the label that counts as positive moves. */
    private void choosePositive(String name) {
        if (!showingReading && data != null && name != null && data.classes().contains(name)) {
            data = withPositive(data, name);
            describeData();
        }
    }

    private static FolderDataset withPositive(FolderDataset d, String name) {
        return new FolderDataset(d.root(), d.classes(), d.classes().indexOf(name), d.samples(), d.skipped(),
                d.notFrontal());
    }

    /** The data as training would use it (with or without the refused images), or why it cannot. */
    private void describeData() {
        if (data == null) {
            return;
        }
        try {
            FolderDataset d = used();
            Split s = split(d);
            dataReady.set(true);
            dataSummary.set(summary(d, s) + notFrontalLines(data));
            shownSplit = s;
        } catch (DatasetException | IllegalArgumentException ex) {
            dataReady.set(false);
            dataSummary.set(ex.getMessage());
            shownSplit = null;
        }
        estimate();
    }

    /**
     * Shows how long the run would take. A training step is measured once per network, size and batch, in the
     * background (the latest settings win), and never while a run is training.
     */
    private void estimate() {
        Checked c = settings.checkedProperty().get();
        if (c == null || shownSplit == null || data == null) {
            estimate.set("");
            estimateDetail.set("");
            return;
        }
        TrainConfig cfg = c.config();
        String key = timingKey(cfg);
        if (key.equals(timedFor)) {
            TrainingEstimate e = new TrainingEstimate(shownSplit.train().size(), shownSplit.validation().size(),
                    shownSplit.test().size(), cfg.batchSize(), cfg.epochs(), stepTime);
            estimate.set(e.summary());
            estimateDetail.set(e.breakdown());
        } else if (!running.get() && !key.equals(measuring)) {
            measure(key, cfg);
        }
    }

    /** The charts span the epochs the settings ask for, until a run draws in them. */
    private void plan() {
        Checked c = settings.checkedProperty().get();
        if (c != null && !running.get()) {
            charts.plan(c.config().epochs());
        }
    }

    /** What a step's time depends on: the network, the input size and the batch. */
    private static String timingKey(TrainConfig cfg) {
        return cfg.architecture() + " at " + cfg.inputSize() + "\u00b2, batch " + cfg.batchSize();
    }

    private void measure(String key, TrainConfig cfg) {
        measuring = key;
        estimate.set("Measuring a training step of " + key + " on this machine ...");
        estimateDetail.set("");
        timing.next().run(p -> StepTimer.measure(cfg.architecture(), cfg.inputSize(), cfg.batchSize(), p), t -> {
            stepTime = t;
            timedFor = key;
            measuring = null;
            estimate();
        }, e -> {
            measuring = null;
            estimate.set("Could not measure a training step: " + OneLine.of(e));
        });
    }

    /** The split the settings ask for; IllegalArgumentException while split or seed cannot be read. */
    private Split split(FolderDataset d) throws DatasetException {
        return Split.of(d, Split.parsePercent(settings.text(TrainingSetting.SPLIT).get()), settings.seed());
    }

    private FolderDataset used() throws DatasetException {
        return excludeNotFrontal.get() ? data.withoutNotFrontal() : data;
    }

    /** Names the images the frontal check refuses (a few, then a count), so the user can look before deciding. */
    private String notFrontalLines(FolderDataset all) {
        List<Sample> refused = all.notFrontal();
        if (refused.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%n%d image(s) fail the frontal chest X-ray"
                + " check (%s): ", refused.size(), excludeNotFrontal.get() ? "left out" : "kept"));
        refused.stream().limit(5).forEach(x -> b.append(all.root().relativize(x.file())).append("  "));
        return b.append(refused.size() > 5 ? "..." : "").toString().stripTrailing();
    }

    private static String summary(FolderDataset d, Split s) {
        int[] c = d.counts();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < c.length; i++) {
            b.append(i == 0 ? "" : ", ").append(d.classes().get(i)).append(": ").append(c[i]);
        }
        b.append(" (positive: ").append(d.classes().get(d.positive())).append(")");
        b.append(String.format(Locale.ROOT, "%nSplit %s, seed %d: train %d, validation %d, test %d", s.ratio(),
                s.seed(), s.train().size(), s.validation().size(), s.test().size()));
        if (!d.skipped().isEmpty()) {
            b.append("\nSkipped ").append(d.skipped().size()).append(" files (unreadable, duplicate or left out): ")
                    .append(d.skipped().get(0)).append(d.skipped().size() > 1 ? " ..." : "");
        }
        if (isSynthetic(d.root())) {
            b.append("\nThese are synthetic phantoms: the model will be marked as trained on phantoms.");
        }
        return b.toString();
    }

    private static boolean isSynthetic(Path root) {
        return Files.exists(root.resolve(SynthJob.CSV));
    }

    /** Starts training with the current settings. */
    public void start() {
        Checked c = settings.checkedProperty().get();
        if (data == null || running.get()) {
            return;
        }
        if (c == null) {
            status.set(settings.problemProperty().get());
            return;
        }
        if (RunFolder.describe(RunFolder.of(c.modelName())).isPresent()) {
            // Starting afresh would overwrite the interrupted run's checkpoints.
            status.set("An interrupted run named " + c.modelName() + " can be resumed: choose it beside Resume,"
                    + " or give this model another name.");
            return;
        }
        Split split;
        FolderDataset d;
        try {
            d = used();
            split = Split.of(d, c.percent(), c.config().seed());
        } catch (IllegalArgumentException | DatasetException e) {
            status.set(OneLine.of(e));
            return;
        }
        Path out = registry.userModels().resolve(c.modelName());
        EpochListener listener = listener(new TrainingEta(c.config().epochs(), guess(c, split, true),
                guess(c, split, false)));
        launch(p -> BundleTrainer.train(d, split, c.config(), c.modelName(), out, isSynthetic(d.root()), listener,
                p), out, c.config().epochs());
    }

    /** Continues an interrupted run from its last finished epoch, with its own settings and split. */
    public void resume(RunFolder.Resumable r) {
        if (r == null || running.get()) {
            return;
        }
        EpochListener listener = listener(new TrainingEta(r.maxEpochs(), 0, 0));
        launch(p -> BundleTrainer.resume(r.dir(), listener, p), r.out(), r.maxEpochs());
    }

    /** The run, then its report.pdf; the model is saved before the report, so a report that fails is only logged. */
    private static Job<TrainingOutcome> withReport(Job<TrainingOutcome> run) {
        return p -> {
            TrainingOutcome r = run.run(p);
            try {
                TrainingReport.write(r, p);
            } catch (IOException | ModelBundleException | RuntimeException e) {
                LOG.warn("report.pdf not written for {}: {}", r.bundle(), e.toString());
            }
            return r;
        };
    }

    /** The runs that stopped before their model was saved, newest knowledge from disk. */
    public void refreshResumable() {
        try {
            resumable.setAll(RunFolder.resumable());
        } catch (IOException e) {
            LOG.warn("cannot list interrupted runs: {}", e.toString());
            resumable.clear();
        }
    }

    private void launch(Job<TrainingOutcome> job, Path out, int epochs) {
        // A measurement would take the run's CPU; the estimate is measured again after the run if still needed.
        timing.cancel();
        measuring = null;
        clearResults(epochs);
        BackgroundTask<TrainingOutcome> t = BackgroundTask.of(withReport(job))
                .onSuccess(r -> saved(r, out))
                .onCancelled(() -> finish("Cancelled. No model was saved; the active model is unchanged. Resume"
                        + " continues from the last finished epoch.", 0))
                .onFailure(e -> {
                    LOG.warn("training failed", e);
                    finish("Training failed: " + OneLine.of(e), 0);
                });
        current = t;
        running.set(true);
        // Indeterminate while the images are read; then the run's share of its planned batches.
        progress.set(-1);
        status.bind(t.messageProperty());
        executor.execute(t);
    }

    /**
     * From the step measured before the start, when it was measured for this run's network: a validation pass's
     * seconds (validation true) or the finishing passes' seconds; else 0, until the run measures its own.
     */
    private double guess(Checked c, Split split, boolean validation) {
        TrainConfig cfg = c.config();
        if (!timingKey(cfg).equals(timedFor)) {
            return 0;
        }
        TrainingEstimate e = new TrainingEstimate(split.train().size(), split.validation().size(),
                split.test().size(), cfg.batchSize(), cfg.epochs(), stepTime);
        return validation ? e.validationSecondsPerEpoch() : e.finishingSeconds();
    }

    /** Shows the last run's test results in the Evaluate view (the caller decides where that is). */
    public void openResult() {
        TrainingOutcome r = outcome.get();
        if (r != null) {
            onOpenResult.accept(r);
        }
    }

    public void setOnOpenResult(Consumer<TrainingOutcome> onOpenResult) {
        this.onOpenResult = onOpenResult;
    }

    private void clearResults(int epochs) {
        outcome.set(null);
        charts.clear(epochs);
        overfitting.set("");
        shortcutWarning.set("");
        result.set("");
    }

    /** Moves each batch's timing, each epoch's curves and the overfitting flag to the UI thread as they come. */
    private EpochListener listener(TrainingEta clock) {
        return new EpochListener() {
            @Override
            public void onBatch(int epoch, int batch, int batches, double loss) {
                long now = System.nanoTime();
                executor.post(() -> {
                    clock.batch(epoch, batch, batches, now);
                    progress.set(clock.fraction());
                    eta.set(clock.remaining().describe(epoch, charts.epochsProperty().get()));
                });
            }

            @Override
            public void onEpoch(EpochStats s) {
                long now = System.nanoTime();
                executor.post(() -> {
                    clock.epochEnd(now);
                    charts.add(s);
                    eta.set(clock.remaining().describe(s.epoch(), charts.epochsProperty().get()));
                });
            }

            @Override
            public void onOverfitting(OverfitDetector.Flag flag) {
                executor.post(() -> overfitting.set("Overfitting: " + flag));
            }
        };
    }

    private void saved(TrainingOutcome r, Path out) {
        String warning = EvaluationText.shortcutWarning(r.test());
        shortcutWarning.set(warning.isEmpty() ? "" : "Possible shortcut: " + warning);
        ClassificationMetrics m = r.test().metrics();
        result.set(String.format(Locale.ROOT, "Kept epoch %d of %d%s. On its %d test images: accuracy %s, AUC %s."
                + " Open the test results for the table, the confusion matrix, ROC, reliability and every image;"
                + " report.pdf is in %s.%s", r.bestEpoch(), r.history().size(),
                r.stoppedEarly() ? " (stopped early)" : "", r.test().rows().size(), m.accuracy(), m.aucInterval(),
                out.resolve(TrainingReport.FOLDER), r.card().synthetic()
                        ? " Trained on synthetic phantoms: not for real patients." : ""));
        outcome.set(r);
        // Result first: "not running" is what watchers wait for.
        finish("Saved " + out + ". " + ModelCard.INTENDED_USE + ".", 1);
        // The new model can be fine-tuned next.
        refreshStartOptions();
        onSaved.accept(out);
    }

    /** Asks the training to stop at its next check; it reports "Cancelled" once it has. */
    public void cancel() {
        BackgroundTask<?> t = current;
        if (t != null) {
            t.cancel(false);
        }
    }

    /** The run ended: its last word, the bar full (saved) or empty (cancelled, failed). */
    private void finish(String message, double done) {
        refreshResumable();
        progress.set(done);
        status.unbind();
        eta.set("");
        status.set(message);
        current = null;
        // Last: "not running" is what watchers wait for, and then they read the status.
        running.set(false);
        estimate();
    }

    @Override
    public void close() {
        reads.cancel();
        timing.cancel();
        cancel();
    }

    /** Cancels a running training and waits up to timeout for it to stop; true if it has. Any thread. */
    public boolean close(Duration timeout) {
        BackgroundTask<?> t = current;
        cancel();
        return t == null || t.awaitEnd(timeout);
    }

    public TrainingSettings settings() { return settings; }
    /** The last run that saved a model, until the next starts. */
    public ReadOnlyObjectProperty<TrainingOutcome> outcomeProperty() { return outcome.getReadOnlyProperty(); }
    /** Interrupted runs that Resume can continue. */
    public ObservableList<RunFolder.Resumable> getResumableRuns() { return resumableView; }
    public TrainingCharts charts() { return charts; }
    public ReadOnlyObjectProperty<Path> folderProperty() { return folder.getReadOnlyProperty(); }
    public ReadOnlyStringProperty dataSummaryProperty() { return dataSummary.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty dataReadyProperty() { return dataReady.getReadOnlyProperty(); }
    /** How many images of the chosen folder the frontal chest X-ray check refuses. */
    public ReadOnlyIntegerProperty notFrontalCountProperty() { return notFrontalCount.getReadOnlyProperty(); }
    /** Leave those images out of training (off: they are listed and kept). */
    public BooleanProperty excludeNotFrontalProperty() { return excludeNotFrontal; }
    /** The data audit's warning when file metadata alone predicts the class (a size or source shortcut); else "". */
    public ReadOnlyStringProperty auditWarningProperty() { return auditWarning.getReadOnlyProperty(); }
    /** "≈ 14 min on this machine (1.1 s per step, measured)", or what is being measured; "" without data. */
    public ReadOnlyStringProperty estimateProperty() { return estimate.getReadOnlyProperty(); }
    /** What the estimate is made of. */
    public ReadOnlyStringProperty estimateDetailProperty() { return estimateDetail.getReadOnlyProperty(); }
    /** While training: time left in the epoch and in the run, from the batch times measured in this run. */
    public ReadOnlyStringProperty etaProperty() { return eta.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty runningProperty() { return running.getReadOnlyProperty(); }
    public ReadOnlyDoubleProperty progressProperty() { return progress.getReadOnlyProperty(); }
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }
    public ReadOnlyStringProperty overfittingProperty() { return overfitting.getReadOnlyProperty(); }
    /** Non-empty when the test split's evidence lies mostly outside the lungs. */
    public ReadOnlyStringProperty shortcutWarningProperty() { return shortcutWarning.getReadOnlyProperty(); }
    public ReadOnlyStringProperty resultProperty() { return result.getReadOnlyProperty(); }
}
