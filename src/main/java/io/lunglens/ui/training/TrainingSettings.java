package io.lunglens.ui.training;

import io.lunglens.training.Augmentation;
import io.lunglens.training.Initialisation;
import io.lunglens.training.Split;
import io.lunglens.training.TrainConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
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
 * What the Retrain tab lets the user set, as typed, and whether it makes a valid run: every value goes through the
 * same checks as {@code lunglens train} ({@link TrainConfig}, {@link Initialisation}, {@link Split#parsePercent}),
 * whose messages are shown as they are, one line.
 */
public final class TrainingSettings {

    public static final List<String> ARCHITECTURES = List.of("resnet50-lstm", "tiny-resnet-lstm");

    /** A valid set of settings: the run's configuration, the split, the per-class cap and the model's name. */
    public record Checked(TrainConfig config, int[] percent, int perClass, String modelName) {
    }

    /** Where training starts: random weights, or a bundle (backbone or trained model) of the given architecture. */
    public record StartFrom(String label, Path dir, String architecture) {
        public static final StartFrom RANDOM = new StartFrom("Random weights", null, null);

        public boolean random() {
            return dir == null;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private final Map<TrainingSetting, StringProperty> texts = new EnumMap<>(TrainingSetting.class);
    private final StringProperty architecture = new SimpleStringProperty(this, "architecture", TrainConfig.ARCHITECTURE);
    private final BooleanProperty augmentation = new SimpleBooleanProperty(this, "augmentation", true);
    private final ObservableList<String> classOptions = FXCollections.observableArrayList();
    private final StringProperty firstClass = new SimpleStringProperty(this, "firstClass");
    private final StringProperty secondClass = new SimpleStringProperty(this, "secondClass");
    private final StringProperty positive = new SimpleStringProperty(this, "positive");
    private final ObservableList<String> positiveOptions = FXCollections.observableArrayList();
    private final ObservableList<StartFrom> startOptions = FXCollections.observableArrayList(StartFrom.RANDOM);
    private final ObjectProperty<StartFrom> startFrom = new SimpleObjectProperty<>(this, "startFrom", StartFrom.RANDOM);
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private final ReadOnlyObjectWrapper<Checked> checked = new ReadOnlyObjectWrapper<>(this, "checked");
    private List<StartFrom> bundles = List.of();

    public TrainingSettings() {
        List<Observable> all = new ArrayList<>(List.of(architecture, augmentation, firstClass, secondClass, positive,
                startFrom));
        for (TrainingSetting s : TrainingSetting.values()) {
            if (s.defaultText() != null) {
                StringProperty p = new SimpleStringProperty(this, s.name(), s.defaultText());
                texts.put(s, p);
                all.add(p);
            }
        }
        all.forEach(o -> o.addListener(x -> check()));
        architecture.addListener((o, a, b) -> offerStarts());
        firstClass.addListener((o, a, b) -> offerPositives());
        secondClass.addListener((o, a, b) -> offerPositives());
        check();
    }

    /** The text of a typed setting. */
    public StringProperty text(TrainingSetting s) {
        StringProperty p = texts.get(s);
        if (p == null) {
            throw new IllegalArgumentException(s + " is not typed");
        }
        return p;
    }

    /** Offers these bundles to start from besides random weights, those of the chosen architecture only. */
    public void setBundles(List<StartFrom> offered) {
        bundles = List.copyOf(offered);
        offerStarts();
    }

    private void offerStarts() {
        StartFrom chosen = startFrom.get();
        List<StartFrom> all = new ArrayList<>();
        all.add(StartFrom.RANDOM);
        bundles.stream().filter(b -> b.architecture().equals(architecture.get())).forEach(all::add);
        startOptions.setAll(all);
        startFrom.set(all.contains(chosen) ? chosen : StartFrom.RANDOM);
    }

    private void offerPositives() {
        String chosen = positive.get();
        List<String> two = new ArrayList<>();
        for (String c : new String[] {firstClass.get(), secondClass.get()}) {
            if (c != null && !two.contains(c)) {
                two.add(c);
            }
        }
        positiveOptions.setAll(two);
        positive.set(two.contains(chosen) ? chosen : two.isEmpty() ? null : two.get(0));
    }

    private void check() {
        try {
            Checked c = parse();
            problem.set("");
            checked.set(c);
        } catch (IllegalArgumentException e) {
            checked.set(null);
            problem.set(e.getMessage());
        }
    }

    /** The settings as a run; throws IllegalArgumentException with a one-line reason for the first bad value. */
    private Checked parse() {
        if (firstClass.get() != null && firstClass.get().equals(secondClass.get())) {
            throw new IllegalArgumentException("choose two different classes");
        }
        int[] percent = Split.parsePercent(text(TrainingSetting.SPLIT).get());
        int perClass = perClass();
        TrainConfig cfg = TrainConfig.builder().architecture(architecture.get())
                .inputSize(whole(TrainingSetting.INPUT_SIZE)).batchSize(whole(TrainingSetting.BATCH))
                .epochs(whole(TrainingSetting.EPOCHS)).learningRate(number(TrainingSetting.LEARNING_RATE))
                .weightDecay(number(TrainingSetting.WEIGHT_DECAY)).seed(seed())
                .patience(whole(TrainingSetting.PATIENCE)).overfitEpochs(whole(TrainingSetting.OVERFIT_EPOCHS))
                .augmentation(augmentation.get() ? Augmentation.standard() : Augmentation.none()).build();
        StartFrom from = startFrom.get();
        if (from != null && !from.random()) {
            cfg = cfg.withInit(new Initialisation(from.dir(), whole(TrainingSetting.FREEZE_EPOCHS),
                    number(TrainingSetting.BACKBONE_LR_FACTOR)));
        }
        String name = text(TrainingSetting.MODEL_NAME).get().strip();
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("model name may hold letters, digits, '.', '_' and '-' only, was '"
                    + name + "'");
        }
        return new Checked(cfg, percent, perClass, name);
    }

    private int whole(TrainingSetting s) {
        String t = text(s).get().strip();
        try {
            return Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(s.label() + ": not a whole number: '" + t + "'");
        }
    }

    private double number(TrainingSetting s) {
        String t = text(s).get().strip();
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(s.label() + ": not a number: '" + t + "'");
        }
    }

    /** The per-class cap as typed (0: all); IllegalArgumentException with a one-line reason when it is not one. */
    public int perClass() {
        int perClass = whole(TrainingSetting.PER_CLASS);
        if (perClass < 0) {
            throw new IllegalArgumentException("images per class must not be negative (0 takes all), was " + perClass);
        }
        return perClass;
    }

    /** The seed as typed; IllegalArgumentException with a one-line reason when it is not a whole number. */
    public long seed() {
        String t = text(TrainingSetting.SEED).get().strip();
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(TrainingSetting.SEED.label() + ": not a whole number: '" + t + "'");
        }
    }

    public StringProperty architectureProperty() { return architecture; }
    public BooleanProperty augmentationProperty() { return augmentation; }
    /** The class folders of the chosen data folder. */
    public ObservableList<String> getClassOptions() { return classOptions; }
    public StringProperty firstClassProperty() { return firstClass; }
    public StringProperty secondClassProperty() { return secondClass; }
    public StringProperty positiveProperty() { return positive; }
    /** The two chosen classes, to pick the positive one from. */
    public ObservableList<String> getPositiveOptions() { return positiveOptions; }
    public ObservableList<StartFrom> getStartOptions() { return startOptions; }
    public ObjectProperty<StartFrom> startFromProperty() { return startFrom; }
    /** Why the settings do not make a run, in one line; "" when they do. */
    public ReadOnlyStringProperty problemProperty() { return problem.getReadOnlyProperty(); }
    /** The settings as a run, or null while {@link #problemProperty} is not empty. */
    public ReadOnlyObjectProperty<Checked> checkedProperty() { return checked.getReadOnlyProperty(); }
}
