package io.lunglens.ui;

import io.lunglens.gate.GateResult;
import java.util.Objects;

/**
 * One verdict with an evidence map (Grad-CAM, or occlusion when it comes from the shortcut check).
 *
 * @param label           the predicted class name
 * @param probabilities   one per class, in the model's class order
 * @param positive        probability of the model's positive class
 * @param millis          inference plus Grad-CAM time
 * @param cam             camWidth*camHeight values in [0, 1], row-major, covering the whole image
 * @param camClass        the class the map explains
 * @param gate            the input gate's answer for the image: whether the verdict may be shown
 */
public record Explained(String label, double[] probabilities, double positive, long millis,
                        float[] cam, int camWidth, int camHeight, int camClass, GateResult gate) {

    public Explained {
        Objects.requireNonNull(label);
        Objects.requireNonNull(gate);
        if (cam.length != (long) camWidth * camHeight) {
            throw new IllegalArgumentException("cam has " + cam.length + " values, expected " + camWidth + "x" + camHeight);
        }
    }
}
