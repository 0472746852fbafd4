package io.lunglens.training;

/** Told about training as it happens. Called on the training thread: a GUI must hop to its own. */
public interface EpochListener {

    /** After every batch, so progress moves within a long epoch. */
    default void onBatch(int epoch, int batch, int batches, double loss) {
    }

    default void onEpoch(EpochStats stats) {
    }

    /** The first epoch at which the overfitting detector fired. */
    default void onOverfitting(OverfitDetector.Flag flag) {
    }
}
