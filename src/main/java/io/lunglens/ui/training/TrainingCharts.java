package io.lunglens.ui.training;

import io.lunglens.training.EpochStats;
import java.util.Locale;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.chart.XYChart;

/**
 * The two curves of a run, epoch by epoch: loss and accuracy, each for training and validation, and the epoch at
 * which the overfitting detector fired drawn on both as a vertical line (a third series, so the legend names it).
 * The series lists are the charts' data; FX thread only.
 */
public final class TrainingCharts {

    /** The marker's name in the legend, before the epoch is added. */
    public static final String MARKER = "overfitting flagged";

    private final XYChart.Series<Number, Number> trainLoss = series("training loss");
    private final XYChart.Series<Number, Number> validationLoss = series("validation loss");
    private final XYChart.Series<Number, Number> lossMarker = series(MARKER);
    private final XYChart.Series<Number, Number> trainAccuracy = series("training accuracy");
    private final XYChart.Series<Number, Number> validationAccuracy = series("validation accuracy");
    private final XYChart.Series<Number, Number> accuracyMarker = series(MARKER);
    private final ObservableList<XYChart.Series<Number, Number>> loss =
            FXCollections.observableArrayList(trainLoss, validationLoss);
    private final ObservableList<XYChart.Series<Number, Number>> accuracy =
            FXCollections.observableArrayList(trainAccuracy, validationAccuracy);
    private final ReadOnlyIntegerWrapper epochs = new ReadOnlyIntegerWrapper(this, "epochs", 1);
    private final ReadOnlyIntegerWrapper flaggedEpoch = new ReadOnlyIntegerWrapper(this, "flaggedEpoch", 0);
    private double highestLoss;

    private static XYChart.Series<Number, Number> series(String name) {
        XYChart.Series<Number, Number> s = new XYChart.Series<>();
        s.setName(name);
        return s;
    }

    /** Empties the charts for a run of at most this many epochs. */
    public void clear(int plannedEpochs) {
        trainLoss.getData().clear();
        validationLoss.getData().clear();
        trainAccuracy.getData().clear();
        validationAccuracy.getData().clear();
        loss.remove(lossMarker);
        accuracy.remove(accuracyMarker);
        lossMarker.getData().clear();
        accuracyMarker.getData().clear();
        highestLoss = 0;
        flaggedEpoch.set(0);
        epochs.set(Math.max(1, plannedEpochs));
    }

    /** Before a run is drawn: the x axes span this many epochs, the run the settings would start. */
    public void plan(int plannedEpochs) {
        if (trainLoss.getData().isEmpty()) {
            epochs.set(Math.max(1, plannedEpochs));
        }
    }

    /** One epoch's point on each curve; marks the epoch if the overfitting detector fired on it. */
    public void add(EpochStats s) {
        trainLoss.getData().add(new XYChart.Data<>(s.epoch(), s.trainLoss()));
        validationLoss.getData().add(new XYChart.Data<>(s.epoch(), s.validationLoss()));
        trainAccuracy.getData().add(new XYChart.Data<>(s.epoch(), s.trainAccuracy()));
        validationAccuracy.getData().add(new XYChart.Data<>(s.epoch(), s.validationAccuracy()));
        highestLoss = Math.max(highestLoss, Math.max(s.trainLoss(), s.validationLoss()));
        if (s.overfitting()) {
            mark(s.epoch());
        }
        if (!lossMarker.getData().isEmpty()) {
            // The line spans the loss axis as it grows.
            lossMarker.getData().get(1).setYValue(highestLoss);
        }
    }

    /** A vertical line at the flagged epoch on both charts, named in their legends. */
    private void mark(int epoch) {
        String name = String.format(Locale.ROOT, "%s (epoch %d)", MARKER, epoch);
        lossMarker.setName(name);
        accuracyMarker.setName(name);
        lossMarker.getData().setAll(new XYChart.Data<>(epoch, 0), new XYChart.Data<>(epoch, highestLoss));
        accuracyMarker.getData().setAll(new XYChart.Data<>(epoch, 0), new XYChart.Data<>(epoch, 1));
        loss.add(lossMarker);
        accuracy.add(accuracyMarker);
        flaggedEpoch.set(epoch);
    }

    /** The loss chart's data: training, validation, and the overfitting marker once it fired. */
    public ObservableList<XYChart.Series<Number, Number>> loss() { return loss; }
    /** The accuracy chart's data, in the same order. */
    public ObservableList<XYChart.Series<Number, Number>> accuracy() { return accuracy; }
    /** The planned epochs: the charts' x axes span them from the start, so the curves grow into them. */
    public ReadOnlyIntegerProperty epochsProperty() { return epochs.getReadOnlyProperty(); }
    /** The epoch at which overfitting was flagged; 0 while it was not. */
    public ReadOnlyIntegerProperty flaggedEpochProperty() { return flaggedEpoch.getReadOnlyProperty(); }
}
