package io.lunglens.report;

import io.lunglens.gate.GateResult;
import io.lunglens.imaging.FileHash;
import io.lunglens.imaging.WindowLevel;
import io.lunglens.imaging.XrayImage;
import io.lunglens.model.ModelCard;
import io.lunglens.model.Prediction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * Everything a per-image report states, gathered by the front end that made the verdict (the viewer or
 * {@code predict}); the report draws it and computes nothing.
 *
 * @param source   the file
 * @param reading  the image and how it was windowed
 * @param verdict  the model's answer and the input gate's
 * @param evidence the evidence map shown beside the image
 * @param card     the model's card
 * @param created  when the report was made
 */
public record ImageFinding(Source source, Reading reading, Verdict verdict, Evidence evidence, ModelCard card,
                           Instant created) {

    /**
     * @param file        the image file
     * @param bytes       its size
     * @param sha256      its hash
     * @param identifiers patient identifiers to print; empty unless the user asked for them
     */
    public record Source(Path file, long bytes, String sha256, Map<String, String> identifiers) {
        public Source {
            identifiers = Map.copyOf(identifiers);
        }

        /** Reads the file's size and hash; the image's patient identifiers only when asked to include them. */
        public static Source of(Path file, XrayImage image, boolean includeIdentifiers) throws IOException {
            return new Source(file, Files.size(file), FileHash.sha256(file),
                    includeIdentifiers ? image.info().identifiers() : Map.of());
        }
    }

    /** The image as the reader saw it. */
    public record Reading(XrayImage image, WindowLevel window, boolean invert) {
        public static Reading standard(XrayImage image) {
            return new Reading(image, WindowLevel.defaultFor(image), false);
        }
    }

    /**
     * @param label               the predicted class
     * @param positiveClass       the class whose probability is reported
     * @param positiveProbability its calibrated probability
     * @param gate                the input gate's result for this image
     * @param showGated           the user asked to see the verdict although the gate refused the image
     */
    public record Verdict(String label, String positiveClass, double positiveProbability, GateResult gate,
                          boolean showGated) {

        public static Verdict of(Prediction p, GateResult gate, boolean showGated) {
            return new Verdict(p.label(), p.positiveClass(), p.positiveProbability(), gate, showGated);
        }

        /** The verdict is to be printed: the gate passed the image, or the user asked for it anyway. */
        public boolean shown() {
            return gate.passed() || showGated;
        }
    }

    /**
     * @param map             the evidence map, width×height values in [0,1] covering the whole image
     * @param kind            {@link #GRAD_CAM} or the shortcut check's method, e.g. "lung-field occlusion"
     * @param shareInLungs    share of the map inside the segmented lung fields; NaN when not measured or no lungs found
     * @param shortcutWarning the shortcut check's warning, or "" when it did not fire or was not run
     */
    public record Evidence(float[] map, int width, int height, String kind, double shareInLungs,
                           String shortcutWarning) {
        public static final String GRAD_CAM = "Grad-CAM";

        public Evidence {
            map = map.clone();
        }
    }
}
