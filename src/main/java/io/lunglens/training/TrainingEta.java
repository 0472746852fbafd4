package io.lunglens.training;

import java.util.Locale;

/**
 * Time left in a running training, from the batch and validation times measured so far in this run: the rest of
 * the current epoch, and the rest of the run up to its last planned epoch (an upper bound: early stopping can end
 * it sooner). Fed with timestamps, so it is the same arithmetic in a test; one thread.
 */
public final class TrainingEta {

    /** Seconds left in the epoch and in the run; NaN while nothing was measured yet. */
    public record Remaining(double epochSeconds, double runSeconds) {
        /** "epoch 3 of 20: 1 min left · run: at most 25 min left", or what is known so far. */
        public String describe(int epoch, int epochs) {
            if (Double.isNaN(epochSeconds)) {
                return String.format(Locale.ROOT, "epoch %d of %d: timing the first steps ...", epoch, epochs);
            }
            return String.format(Locale.ROOT, "epoch %d of %d: %s left \u00b7 run: at most %s left", epoch, epochs,
                    TrainingEstimate.duration(epochSeconds), TrainingEstimate.duration(runSeconds));
        }
    }

    private final int epochs;
    private final double validationGuess;
    private final double finishing;
    private long last = -1;
    private double batchSeconds;
    private int batchesTimed;
    private double validationSeconds;
    private int validationsTimed;
    private int epoch = 1;
    private int batch;
    private int batches;
    private boolean epochDone;

    /**
     * @param epochs          the run's planned epochs
     * @param validationGuess a validation pass's seconds until one was measured (0 if unknown)
     * @param finishing       seconds after the last epoch (calibration and test evaluation; 0 if unknown)
     */
    public TrainingEta(int epochs, double validationGuess, double finishing) {
        this.epochs = epochs;
        this.validationGuess = validationGuess;
        this.finishing = finishing;
    }

    /** A batch ended at nanos (any monotonic clock). */
    public void batch(int epoch, int batch, int batches, long nanos) {
        if (last >= 0) {
            // After an epoch's end this is its first batch plus the keeping of the best weights: close enough.
            batchSeconds += (nanos - last) / 1e9;
            batchesTimed++;
        }
        last = nanos;
        this.epoch = epoch;
        this.batch = batch;
        this.batches = batches;
        epochDone = false;
    }

    /** The current epoch's validation ended at nanos. */
    public void epochEnd(long nanos) {
        if (last >= 0) {
            validationSeconds += (nanos - last) / 1e9;
            validationsTimed++;
        }
        last = nanos;
        epochDone = true;
    }

    public Remaining remaining() {
        if (batchesTimed == 0) {
            return new Remaining(Double.NaN, Double.NaN);
        }
        double perBatch = batchSeconds / batchesTimed;
        double validation = validationsTimed == 0 ? validationGuess : validationSeconds / validationsTimed;
        double epochLeft = epochDone ? 0 : (batches - batch) * perBatch + validation;
        double runLeft = epochLeft + (epochs - epoch) * (batches * perBatch + validation) + finishing;
        return new Remaining(epochLeft, runLeft);
    }

    /** The whole run's progress, 0..1, by batches of the planned epochs. */
    public double fraction() {
        return batches == 0 ? 0 : Math.min(1, ((epoch - 1) * (double) batches + batch) / ((double) epochs * batches));
    }

    public int epoch() {
        return epoch;
    }
}
