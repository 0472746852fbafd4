package io.lunglens.training;

import java.util.Locale;

/** Training produced a loss that is not a number; the run stops and writes nothing. The message is one line. */
public final class TrainingDivergedException extends RuntimeException {

    TrainingDivergedException(String where, double loss) {
        super(String.format(Locale.ROOT, "training diverged: the %s loss is %s; no model was written"
                + " (try a lower learning rate)", where, loss));
    }
}
