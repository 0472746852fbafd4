package io.lunglens.training;

import io.lunglens.model.ModelCard;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a finished training run produced; tests assert on it.
 *
 * @param history     one entry per epoch run
 * @param bestEpoch   the epoch (1-based) whose weights were kept: lowest validation loss
 * @param stoppedEarly true when patience ran out before the last epoch
 * @param overfitting where the detector fired, if it did
 * @param temperature calibration temperature fitted on the validation split
 * @param test        evaluation on the test split with the kept weights
 * @param card        the saved model card
 * @param bundle      where the model was saved
 */
public record TrainingOutcome(List<EpochStats> history, int bestEpoch, boolean stoppedEarly,
                             Optional<OverfitDetector.Flag> overfitting, double temperature, Evaluation test,
                             ModelCard card, Path bundle) {
}
