package io.lunglens.training;

import java.nio.file.Path;

/**
 * Where training starts: random weights, or the weights of a bundle (an imported backbone, or a trained LungLens
 * model to fine-tune), optionally with the backbone frozen for the first epochs and trained at a lower rate after.
 *
 * @param from             bundle folder to start from, or null for random weights
 * @param freezeEpochs     epochs at the start in which the backbone is not trained (its BatchNorm statistics too)
 * @param backboneLrFactor the backbone's learning rate as a fraction of the head's (1: the same)
 */
public record Initialisation(Path from, int freezeEpochs, double backboneLrFactor) {

    public static final Initialisation RANDOM = new Initialisation(null, 0, 1);

    public Initialisation {
        if (freezeEpochs < 0) {
            throw new IllegalArgumentException("freeze epochs must not be negative, was " + freezeEpochs);
        }
        if (!(backboneLrFactor > 0 && backboneLrFactor <= 1)) {
            throw new IllegalArgumentException("backbone learning-rate factor must be in (0, 1], was " + backboneLrFactor);
        }
        if (from == null && freezeEpochs > 0) {
            throw new IllegalArgumentException("freezing a randomly initialised backbone would train only the head;"
                    + " give a backbone to start from");
        }
    }

    public boolean random() {
        return from == null;
    }
}
