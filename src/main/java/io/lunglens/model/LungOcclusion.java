package io.lunglens.model;

import io.lunglens.imaging.LungFields;
import io.lunglens.imaging.LungMask;
import io.lunglens.imaging.ModelInput;
import io.lunglens.imaging.XrayImage;
import java.util.List;

/**
 * The shortcut check's fast map: occlusion by regions instead of grid cells. In one batch of three forward passes
 * the network sees the image, the image with its lung fields hidden, and the image with everything outside them
 * hidden; how far the explained class's margin falls in each says how much of the evidence lies in each region.
 *
 * <p>The map spreads each region's fall evenly over the region (fall ÷ area), so its share inside the lungs is
 * fall(lungs hidden) ÷ (fall(lungs hidden) + fall(outside hidden)). It answers the check's one question ("in the
 * lungs or not?") at 3 passes instead of 8×8 occlusion's 65, but says nothing about where inside a region.
 */
public final class LungOcclusion {

    /** Forward passes per image: the image, lungs hidden, outside hidden. */
    public static final int PASSES = 3;

    private LungOcclusion() {
    }

    /**
     * @param classIndex the class to explain, or -1 for the predicted one
     * @param lungs      where the lung fields are (a data set's mask or {@link LungFields#segment}), any size
     * @return the prediction and a map at the image's size in [0,1]: all 0 when hiding neither region lowers the
     *         margin, or when the mask holds no usable lungs (below {@link LungFields#MIN_AREA})
     */
    public static Explanation explain(Classifier classifier, XrayImage image, int classIndex, LungMask lungs) {
        long t0 = System.nanoTime();
        List<Prediction> p = classifier.predictPlanes(planes(image, classifier.card().inputSize(), lungs), PASSES);
        Prediction base = p.get(0);
        int k = classIndex >= 0 ? classIndex : base.classIndex();
        if (k >= base.logits().length) {
            throw new IllegalArgumentException("class index " + k + " is not one of 0.." + (base.logits().length - 1));
        }
        float m0 = Occlusion.margin(base.logits(), k);
        float lungsFall = Math.max(0f, m0 - Occlusion.margin(p.get(1).logits(), k));
        float outsideFall = Math.max(0f, m0 - Occlusion.margin(p.get(2).logits(), k));
        float[] map = new float[image.width() * image.height()];
        double area = lungs.area();
        if (area >= LungFields.MIN_AREA && area < 1) {
            boolean[] atImage = lungs.resize(image.width(), image.height()).inside();
            float inside = (float) (lungsFall / area);
            float outside = (float) (outsideFall / (1 - area));
            for (int i = 0; i < map.length; i++) {
                map[i] = atImage[i] ? inside : outside;
            }
            Classifier.normalise(map);
        }
        Prediction timed = new Prediction(base.label(), base.classIndex(), base.classes(), base.logits(),
                base.probabilities(), base.calibrated(), base.positiveIndex(), base.modelId(),
                (System.nanoTime() - t0) / 1e6, base.domainScore());
        return new Explanation(timed, k, map, image.width(), image.height());
    }

    /**
     * The three model inputs at size×size, one after the other: the image, then with the lungs hidden, then with
     * everything else hidden, each hidden part showing what 8×8 occlusion shows ({@link Occlusion#fill}).
     */
    static float[] planes(XrayImage image, int size, LungMask lungs) {
        float[] plane = ModelInput.toTensorData(image, size);
        return hiddenPlanes(plane, Occlusion.fill(plane, size), lungs.resize(size, size).inside());
    }

    /** The image, then the image with the lungs replaced by fill, then with everything else replaced by fill. */
    static float[] hiddenPlanes(float[] plane, float[] fill, boolean[] lungs) {
        int n = plane.length;
        float[] planes = new float[PASSES * n];
        System.arraycopy(plane, 0, planes, 0, n);
        for (int i = 0; i < n; i++) {
            planes[n + i] = lungs[i] ? fill[i] : plane[i];
            planes[2 * n + i] = lungs[i] ? plane[i] : fill[i];
        }
        return planes;
    }
}
