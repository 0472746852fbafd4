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
 * @param domainScore   distance of the image's features from the model's training images, divided by the bundle's
 *                      threshold: at most 1 inside the training domain; NaN when the bundle has no description
 */
public record Prediction(String label, int classIndex, List<String> classes, float[] logits, double[] probabilities,
                         double[] calibrated, int positiveIndex, String modelId, double millis,
                         double domainScore) {

    public Prediction {
        classes = List.copyOf(classes);
        logits = logits.clone();
        probabilities = probabilities.clone();
        calibrated = calibrated.clone();
    }

    /** Calibrated probabilities of the positive class inside this open band are too close to call. */
    public static final double LOW_CONFIDENCE_MIN = 0.35;
    public static final double LOW_CONFIDENCE_MAX = 0.65;

    /** The probability is close to 0.5: the verdict should be read as undecided. */
    public static boolean lowConfidence(double positiveProbability) {
        return positiveProbability > LOW_CONFIDENCE_MIN && positiveProbability < LOW_CONFIDENCE_MAX;
    }

    /** Calibrated probability of the positive class: the number to show. */
    public double positiveProbability() {
        return calibrated[positiveIndex];
    }

    public String positiveClass() {
        return classes.get(positiveIndex);
    }

    /** False only when the bundle describes its training data and this image lies beyond its threshold. */
    public boolean inTrainingDomain() {
        return !(domainScore > 1.0);
    }

    /** True when the bundle carries a training-domain description, so {@link #domainScore()} is a number. */
    public boolean hasDomainScore() {
        return !Double.isNaN(domainScore);
    }

    public boolean isPositive() {
        return classIndex == positiveIndex;
    }
}
