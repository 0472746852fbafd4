package io.lunglens.ui.training;

import io.lunglens.model.ModelCard;
import io.lunglens.model.ModelRegistry;
import io.lunglens.synth.SynthJob;
import io.lunglens.task.Job;
import io.lunglens.task.OneLine;
import io.lunglens.training.DatasetException;
import io.lunglens.training.EpochStats;
import io.lunglens.training.FolderDataset;
import io.lunglens.training.Initialisation;
import io.lunglens.training.OverfitDetector;
import io.lunglens.training.Reports;
import io.lunglens.training.Sample;
import io.lunglens.training.Split;
import io.lunglens.training.TrainConfig;
import io.lunglens.training.audit.DataAudit;
import io.lunglens.training.BundleTrainer;
import io.lunglens.training.EpochListener;
import io.lunglens.training.TrainingOutcome;
import io.lunglens.ui.background.BackgroundTask;
import io.lunglens.ui.background.TaskExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
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
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.chart.XYChart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retrain wizard's state: a folder with one subfolder per class, settings, a running training whose losses
 * arrive epoch by epoch, and the result. Training itself is {@link BundleTrainer}; this class only moves its news to the
 * FX thread. A cancelled run writes nothing, so the active model stays as it was.
 */
public final class TrainingViewModel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingViewModel.class);

    public static final List<String> ARCHITECTURES = List.of("resnet50-lstm", "tiny-resnet-lstm");
    /** Everything the tab does not offer to change comes from the paper's set-up, as for {@code lunglens train}. */
    private static final TrainConfig PAPER = TrainConfig.paper();
    private static final String SPLIT = TrainConfig.SPLIT;
    private static final int[] SPLIT_PERCENT = Split.parsePercent(SPLIT);

    private final ReadOnlyObjectWrapper<Path> folder = new ReadOnlyObjectWrapper<>(this, "folder");
    private final ReadOnlyStringWrapper dataSummary = new ReadOnlyStringWrapper(this, "dataSummary",
            "Choose a folder with one subfolder per class.");
    private final ReadOnlyBooleanWrapper dataReady = new ReadOnlyBooleanWrapper(this, "dataReady");
    private final ReadOnlyIntegerWrapper notFrontalCount = new ReadOnlyIntegerWrapper(this, "notFrontalCount");
    private final ReadOnlyStringWrapper auditWarning = new ReadOnlyStringWrapper(this, "auditWarning", "");
    private final BooleanProperty excludeNotFrontal = new SimpleBooleanProperty(this, "excludeNotFrontal");
    private final StringProperty architecture = new SimpleStringProperty(this, "architecture", PAPER.architecture());
    private final IntegerProperty inputSize = new SimpleIntegerProperty(this, "inputSize", PAPER.inputSize());
    // Half the paper's 20: a first run on a desktop CPU should end the same day; the field lets users ask for more.
    private final IntegerProperty epochs = new SimpleIntegerProperty(this, "epochs", 10);
    private final IntegerProperty perClass = new SimpleIntegerProperty(this, "perClass", 0);
    private final DoubleProperty learningRate = new SimpleDoubleProperty(this, "learningRate", PAPER.learningRate());
    private final StringProperty modelName = new SimpleStringProperty(this, "modelName", "my-model");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyStringWrapper overfitting = new ReadOnlyStringWrapper(this, "overfitting", "");
    private final ReadOnlyStringWrapper shortcutWarning = new ReadOnlyStringWrapper(this, "shortcutWarning", "");
    private final ReadOnlyStringWrapper result = new ReadOnlyStringWrapper(this, "result", "");
    private final ObservableList<StartFrom> startOptions = FXCollections.observableArrayList(StartFrom.RANDOM);
    private final ObjectProperty<StartFrom> startFrom = new SimpleObjectProperty<>(this, "startFrom", StartFrom.RANDOM);
    private final IntegerProperty freezeEpochs = new SimpleIntegerProperty(this, "freezeEpochs", 2);
    private final XYChart.Series<Number, Number> trainLoss = new XYChart.Series<>();
    private final XYChart.Series<Number, Number> validationLoss = new XYChart.Series<>();
    private final ModelRegistry registry;
    private final TaskExecutor executor;
    private Consumer<Path> onSaved = p -> { };
    private FolderDataset data;
    private volatile BackgroundTask<TrainingOutcome> current;

    /**
     * @param registry new bundles go to its user models, by model name; its backbones are offered to start from
     * @param executor runs the folder reading and the training
     */
    public TrainingViewModel(ModelRegistry registry, TaskExecutor executor) {
        this.registry = registry;
        this.executor = executor;
        excludeNotFrontal.addListener((o, was, now) -> describeData());
        trainLoss.setName("training loss");
        validationLoss.setName("validation loss");
    }

    /** Where training starts: random weights, or an imported backbone bundle. */
    public record StartFrom(String label, Path dir) {
        public static final StartFrom RANDOM = new StartFrom("Random weights", null);

        @Override
        public String toString() {
            return label;
        }
    }

    /** Offers the registry's imported backbones (lunglens import-backbone) besides random weights. */
    public void refreshBackbones() {
        setBackbones(registry.backbones().stream()
                .map(e -> new StartFrom("Backbone: " + e.card().name() + " ("
                        + e.card().training().getOrDefault("weights", "imported") + ")", e.dir()))
                .toList());
    }

    /** Offers these backbones (name, folder) besides random weights; keeps the choice if it is still offered. */
    public void setBackbones(List<StartFrom> backbones) {
        StartFrom chosen = startFrom.get();
        List<StartFrom> all = new ArrayList<>();
        all.add(StartFrom.RANDOM);
        all.addAll(backbones);
        startOptions.setAll(all);
        startFrom.set(all.contains(chosen) ? chosen : StartFrom.RANDOM);
    }

    /** Called on the FX thread with the bundle folder once a model was saved. */
    public void setOnSaved(Consumer<Path> onSaved) {
        this.onSaved = onSaved;
    }

    /** Reads the folder in the background and shows what training would use, or why it cannot. */
    public void chooseFolder(Path dir) {
        folder.set(dir);
        dataReady.set(false);
        dataSummary.set("Reading " + dir + " ...");
        int n = perClass.get();
        auditWarning.set("");
        // The audit reads headers only, so its warning costs nothing next to decoding the folder.
        executor.execute(BackgroundTask.of(p -> new Reading(FolderDataset.open(dir, List.of(), null, n, PAPER.seed()),
                DataAudit.run(dir, List.of()))).onSuccess(r -> {
            if (dir.equals(folder.get())) {
                data = r.data();
                notFrontalCount.set(data.notFrontal().size());
                auditWarning.set(r.audit().confounded() ? "Possible shortcut in the data: " + r.audit().rule() : "");
                describeData();
            }
        }).onFailure(e -> dataSummary.set(OneLine.of(e))));
    }

    /** A chosen folder: the data set and its metadata audit. */
    private record Reading(FolderDataset data, DataAudit audit) {
    }

    /** The data as training would use it (with or without the refused images), or why it cannot. */
    private void describeData() {
        if (data == null) {
            return;
        }
        try {
            FolderDataset d = used();
            Split s = Split.of(d, SPLIT_PERCENT, PAPER.seed());
            dataReady.set(d.classes().size() == 2);
            dataSummary.set(summary(d, s) + notFrontalLines(data) + (d.classes().size() == 2 ? ""
                    : "\nTraining needs exactly two classes; this folder has " + d.classes().size() + "."));
        } catch (DatasetException ex) {
            dataReady.set(false);
            dataSummary.set(ex.getMessage());
        }
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
        b.append(String.format(Locale.ROOT, "%nSplit %s, seed %d: train %d, validation %d, test %d", SPLIT,
                PAPER.seed(), s.train().size(), s.validation().size(), s.test().size()));
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
        if (data == null || running.get()) {
            return;
        }
        TrainConfig cfg;
        Split split;
        FolderDataset trainingData;
        try {
            cfg = config();
            trainingData = used();
            split = Split.of(trainingData, SPLIT_PERCENT, PAPER.seed());
        } catch (IllegalArgumentException | DatasetException e) {
            status.set(OneLine.of(e));
            return;
        }
        String name = modelName.get().isBlank() ? "my-model" : modelName.get().strip();
        if (!name.matches("[A-Za-z0-9._-]+")) {
            status.set("Model name may hold letters, digits, '.', '_' and '-' only: " + name);
            return;
        }
        Path out = registry.userModels().resolve(name);
        FolderDataset d = trainingData;
        clearResults();
        EpochListener listener = listener();
        Job<TrainingOutcome> job = p -> BundleTrainer.train(d, split, cfg, name, out, isSynthetic(d.root()), listener, p);
        BackgroundTask<TrainingOutcome> t = BackgroundTask.of(job)
                .onSuccess(r -> saved(r, out))
                .onCancelled(() -> finish("Cancelled. Nothing was saved; the active model is unchanged."))
                .onFailure(e -> {
                    LOG.warn("training failed", e);
                    finish("Training failed: " + OneLine.of(e));
                });
        current = t;
        running.set(true);
        progress.bind(t.progressProperty());
        status.bind(t.messageProperty());
        executor.execute(t);
    }

    /** The tab's settings over the paper's set-up; throws IllegalArgumentException for a value out of range. */
    private TrainConfig config() {
        // Patience scales with the epochs asked for, at least 3.
        TrainConfig plain = new TrainConfig(architecture.get(), inputSize.get(), PAPER.batchSize(), epochs.get(),
                learningRate.get(), PAPER.weightDecay(), PAPER.seed(), Math.max(3, epochs.get() / 4),
                PAPER.overfitEpochs(), PAPER.augmentation());
        StartFrom from = startFrom.get();
        // A pretrained backbone: frozen at first, then ten times slower than the head.
        return from == null || from.dir() == null ? plain
                : plain.withInit(new Initialisation(from.dir(), Math.min(freezeEpochs.get(), epochs.get()), 0.1));
    }

    private void clearResults() {
        trainLoss.getData().clear();
        validationLoss.getData().clear();
        overfitting.set("");
        shortcutWarning.set("");
        result.set("");
    }

    /** Moves each epoch's losses and the overfitting flag to the UI thread as they come. */
    private EpochListener listener() {
        return new EpochListener() {
            @Override
            public void onEpoch(EpochStats s) {
                executor.post(() -> {
                    trainLoss.getData().add(new XYChart.Data<>(s.epoch(), s.trainLoss()));
                    validationLoss.getData().add(new XYChart.Data<>(s.epoch(), s.validationLoss()));
                });
            }

            @Override
            public void onOverfitting(OverfitDetector.Flag flag) {
                executor.post(() -> overfitting.set("Overfitting: " + flag));
            }
        };
    }

    private void saved(TrainingOutcome r, Path out) {
        String warning = Reports.shortcutWarning(r.test());
        shortcutWarning.set(warning.isEmpty() ? "" : "Possible shortcut: " + warning);
        result.set(String.format(Locale.ROOT, "Kept epoch %d of %d%s. Test split:%n%s", r.bestEpoch(),
                r.history().size(), r.stoppedEarly() ? " (stopped early)" : "", Reports.metricsTable(r.test()))
                + Reports.shortcutLines(r.test())
                + (r.card().synthetic() ? "\nTrained on synthetic phantoms: not for real patients." : ""));
        // Result first: "not running" is what watchers wait for.
        finish("Saved " + out + ". " + ModelCard.INTENDED_USE + ".");
        onSaved.accept(out);
    }

    /** Asks the training to stop at its next check; it reports "Cancelled" once it has. */
    public void cancel() {
        BackgroundTask<?> t = current;
        if (t != null) {
            t.cancel(false);
        }
    }

    private void finish(String message) {
        progress.unbind();
        status.unbind();
        status.set(message);
        current = null;
        // Last: "not running" is what watchers wait for, and then they read the status.
        running.set(false);
    }

    @Override
    public void close() {
        cancel();
    }

    /** Cancels a running training and waits up to timeout for it to stop; true if it has. Any thread. */
    public boolean close(Duration timeout) {
        BackgroundTask<?> t = current;
        cancel();
        return t == null || t.awaitEnd(timeout);
    }

    public ReadOnlyObjectProperty<Path> folderProperty() { return folder.getReadOnlyProperty(); }
    public ObservableList<StartFrom> getStartOptions() { return startOptions; }
    public ObjectProperty<StartFrom> startFromProperty() { return startFrom; }
    public IntegerProperty freezeEpochsProperty() { return freezeEpochs; }
    public ReadOnlyStringProperty dataSummaryProperty() { return dataSummary.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty dataReadyProperty() { return dataReady.getReadOnlyProperty(); }
    /** How many images of the chosen folder the frontal chest X-ray check refuses. */
    public ReadOnlyIntegerProperty notFrontalCountProperty() { return notFrontalCount.getReadOnlyProperty(); }
    /** Leave those images out of training (off: they are listed and kept). */
    public BooleanProperty excludeNotFrontalProperty() { return excludeNotFrontal; }
    /** The data audit's warning when file metadata alone predicts the class (a size or source shortcut); else "". */
    public ReadOnlyStringProperty auditWarningProperty() { return auditWarning.getReadOnlyProperty(); }
    public StringProperty architectureProperty() { return architecture; }
    public IntegerProperty inputSizeProperty() { return inputSize; }
    public IntegerProperty epochsProperty() { return epochs; }
    public IntegerProperty perClassProperty() { return perClass; }
    public DoubleProperty learningRateProperty() { return learningRate; }
    public StringProperty modelNameProperty() { return modelName; }
    public ReadOnlyBooleanProperty runningProperty() { return running.getReadOnlyProperty(); }
    public ReadOnlyDoubleProperty progressProperty() { return progress.getReadOnlyProperty(); }
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }
    public ReadOnlyStringProperty overfittingProperty() { return overfitting.getReadOnlyProperty(); }
    /** Non-empty when the test split's evidence lies mostly outside the lungs. */
    public ReadOnlyStringProperty shortcutWarningProperty() { return shortcutWarning.getReadOnlyProperty(); }
    public ReadOnlyStringProperty resultProperty() { return result.getReadOnlyProperty(); }
    public XYChart.Series<Number, Number> trainLoss() { return trainLoss; }
    public XYChart.Series<Number, Number> validationLoss() { return validationLoss; }

    /** The settings the tab does not offer, in one line. */
    public String fixedSettings() {
        return String.format(Locale.ROOT, "Split %s (stratified, seed %d); batch %d; augmentation on; early stopping on"
                + " validation loss, keeping the best epoch.", SPLIT, PAPER.seed(), PAPER.batchSize());
    }
}
