package io.lunglens.model;

/**
 * A prediction with its Grad-CAM heat map.
 *
 * @param prediction the verdict for the image
 * @param camClass   the class the map explains
 * @param cam        row-major width×height heat map at the original image's size, in [0,1] (all 0 if flat)
 * @param width      original image width
 * @param height     original image height
 */
public record Explanation(Prediction prediction, int camClass, float[] cam, int width, int height) {

    public float camAt(int x, int y) {
        return cam[y * width + x];
    }
}
