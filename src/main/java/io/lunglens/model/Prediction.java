package io.lunglens.model;

import java.util.List;

/**
 * One verdict. Arrays are indexed like {@link #classes()} and are copies owned by this record.
 *
 * @param label         the class with the highest probability
 * @param classIndex    its index
 * @param classes       class names
 * @param logits        raw network outputs
 * @param probabilities softmax of the logits
 * @param calibrated    softmax of logits / calibration temperature (equal to probabilities until calibrated)
 * @param positiveIndex index of the model card's positive class
 * @param modelId       model card name@version
 * @param millis        time for this image: preprocessing plus network (a batch's time shared evenly)
 */
public record Prediction(String label, int classIndex, List<String> classes, float[] logits, double[] probabilities,
                         double[] calibrated, int positiveIndex, String modelId, double millis) {

    public Prediction {
        classes = List.copyOf(classes);
        logits = logits.clone();
        probabilities = probabilities.clone();
        calibrated = calibrated.clone();
    }

    /** Calibrated probability of the positive class: the number to show. */
    public double positiveProbability() {
        return calibrated[positiveIndex];
    }

    public String positiveClass() {
        return classes.get(positiveIndex);
    }

    public boolean isPositive() {
        return classIndex == positiveIndex;
    }
}
