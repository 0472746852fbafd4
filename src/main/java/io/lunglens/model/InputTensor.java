package io.lunglens.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.lunglens.imaging.ModelInput;
import io.lunglens.imaging.XrayImage;
import java.util.List;

/**
 * The second half of preprocessing, shared by inference and training: planes from {@link ModelInput} become a
 * (N,3,S,S) tensor, replicated to three channels and normalised with the model card's mean and std.
 */
public final class InputTensor {

    private InputTensor() {
    }

    /** Preprocesses whole images by the card's rules. */
    public static NDArray of(NDManager manager, ModelCard card, List<XrayImage> images) {
        int size = card.inputSize();
        int plane = size * size;
        float[] data = new float[images.size() * plane];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(ModelInput.toTensorData(images.get(i), size), 0, data, i * plane, plane);
        }
        return fromPlanes(manager, card, data, images.size());
    }

    /**
     * planes holds n planes of inputSize² values in [0,1], as {@link ModelInput#toTensorData} makes them (training
     * may augment them first).
     */
    public static NDArray fromPlanes(NDManager manager, ModelCard card, float[] planes, int n) {
        return fromPlanes(manager, card, planes, n, card.inputSize());
    }

    /** As above at another side than the card's: progressive resizing trains its first epochs smaller. */
    public static NDArray fromPlanes(NDManager manager, ModelCard card, float[] planes, int n, int size) {
        if (planes.length != (long) n * size * size) {
            throw new IllegalArgumentException("expected " + n + " planes of " + size + "x" + size + ", got "
                    + planes.length + " values");
        }
        ModelCard.Preprocess p = card.preprocess();
        NDArray gray = manager.create(planes, new Shape(n, 1, size, size));
        NDArray mean = manager.create(floats(p.mean()), new Shape(1, 3, 1, 1));
        NDArray std = manager.create(floats(p.std()), new Shape(1, 3, 1, 1));
        return gray.sub(mean).div(std);
    }

    private static float[] floats(List<Double> v) {
        float[] f = new float[v.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = v.get(i).floatValue();
        }
        return f;
    }
}
