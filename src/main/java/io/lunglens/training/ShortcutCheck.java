package io.lunglens.training;

import io.lunglens.imaging.LungFields;
import io.lunglens.imaging.LungMask;
import io.lunglens.imaging.XrayImage;
import io.lunglens.model.Classifier;
import io.lunglens.model.EvidenceMethod;
import io.lunglens.model.Explanation;
import io.lunglens.task.Progress;
import java.util.Locale;

/**
 * The shortcut check for one image: where the evidence for its verdict lies, measured by hiding parts of the image
 * (Grad-CAM is not used: through the LSTM head it does not say where in the image the evidence is).
 *
 * @param method       how the map was made
 * @param map          the evidence map over the whole image, values in [0,1]
 * @param shareInLungs share of the map inside the lung fields; NaN when none were found or the map is empty
 * @param lungsFound   whether the lung mask holds usable lungs
 */
public record ShortcutCheck(EvidenceMethod method, Explanation map, double shareInLungs, boolean lungsFound) {

    /** Checks an image against its segmented lung fields. */
    public static ShortcutCheck run(Classifier c, XrayImage image, int classIndex, EvidenceMethod method,
                                    Progress progress) {
        return run(c, image, classIndex, method, LungFields.segment(image), progress);
    }

    /** Checks an image against the given lung mask (a data set's own, or our segmentation). */
    public static ShortcutCheck run(Classifier c, XrayImage image, int classIndex, EvidenceMethod method,
                                    LungMask lungs, Progress progress) {
        Explanation e = method.explain(c, image, classIndex, lungs, progress);
        boolean found = lungs.area() >= LungFields.MIN_AREA;
        return new ShortcutCheck(method, e, found ? lungs.share(e.cam(), e.width(), e.height()) : Double.NaN, found);
    }

    /** The warning for the verdict panel and reports, or "" (see {@link #warning(EvidenceMethod, double, boolean)}). */
    public String warning() {
        return warning(method, shareInLungs, lungsFound);
    }

    /** The warning for a map made elsewhere, weighed against this image's segmented lung fields. */
    public static String warning(EvidenceMethod method, XrayImage image, float[] map, int mapWidth, int mapHeight) {
        LungMask lungs = LungFields.segment(image);
        boolean found = lungs.area() >= LungFields.MIN_AREA;
        return warning(method, found ? lungs.share(map, mapWidth, mapHeight) : Double.NaN, found);
    }

    /**
     * A warning when most of the map lies outside the lung fields, or when the map is empty (hiding changed
     * nothing), else "". No warning when no lungs were found: there is nothing to weigh the map against.
     */
    public static String warning(EvidenceMethod method, double shareInLungs, boolean lungsFound) {
        if (!lungsFound || shareInLungs >= Evaluation.SHORTCUT_THRESHOLD) {
            return "";
        }
        if (Double.isNaN(shareInLungs)) {
            return "Hiding parts of the image (" + method.label() + ") does not weaken this verdict, so where its"
                    + " evidence lies cannot be shown; treat it with extra doubt.";
        }
        return String.format(Locale.ROOT, "Possible shortcut: only %.0f%% of the evidence (%s) lies inside the "
                + "lung fields; the model may be reacting to something other than the lungs.", shareInLungs * 100,
                method.label());
    }
}
