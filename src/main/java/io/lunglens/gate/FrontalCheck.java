package io.lunglens.gate;

import io.lunglens.imaging.XrayImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * "Is this a frontal (PA/AP) chest radiograph at all?", independent of any model: a logistic regression over image
 * statistics of a 32² thumbnail (eigen-chest coefficients and residual, mirror symmetry, texture, histogram).
 * Fitted by src/test/java/io/lunglens/gate/FrontalFit; its card is frontal-check.md beside the parameters.
 */
public final class FrontalCheck {

    /**
     * @param score   0..1, higher is more like a frontal chest X-ray
     * @param frontal score at or above the check's threshold
     */
    public record Result(double score, boolean frontal) {
    }

    private static final String CARD = "frontal-check.md";
    private final FrontalParams params;

    FrontalCheck(FrontalParams params) {
        this.params = params;
    }

    /** The check that ships with the app (parameters and card in resources). */
    public static FrontalCheck standard() {
        return Shipped.CHECK;
    }

    /** Loaded on first use, so the fitter can build checks before any parameters exist. */
    private static final class Shipped {
        static final FrontalCheck CHECK = new FrontalCheck(FrontalParams.shipped());
    }

    /** Name and version for cards, reports and logs, e.g. "frontal-check 1". */
    public String id() {
        return "frontal-check " + params.version();
    }

    /** Score at or above which an image counts as frontal. */
    public double threshold() {
        return params.threshold();
    }

    /**
     * Thread-safe; a few milliseconds per image. An image without any contrast, or with a side under
     * {@value FrontalFeatures#MIN_SIDE} pixels, scores 0.
     */
    public Result check(XrayImage image) {
        if (!FrontalFeatures.judgeable(image)) {
            return new Result(0, false);
        }
        FrontalFeatures.Thumb thumb = FrontalFeatures.of(image);
        if (!thumb.contrast()) {
            return new Result(0, false);
        }
        double score = params.score(params.features(thumb));
        return new Result(score, score >= params.threshold());
    }

    /** The check's card (Markdown): method, data with sources and licences, threshold, measured rates. */
    public String card() {
        try (InputStream in = FrontalCheck.class.getResourceAsStream(CARD)) {
            if (in == null) {
                throw new IllegalStateException("missing resource io/lunglens/gate/" + CARD);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read io/lunglens/gate/" + CARD, e);
        }
    }
}
