package io.lunglens.gate;

import io.lunglens.imaging.XrayImage;

/**
 * "Is this a frontal (PA/AP) chest radiograph at all?", independent of any model. SKELETON: accepts everything
 * until the fitted check lands (issue 15).
 */
public final class FrontalCheck {

    /**
     * @param score   0..1, higher is more like a frontal chest X-ray
     * @param frontal score at or above the check's threshold
     */
    public record Result(double score, boolean frontal) {
    }

    private static final FrontalCheck STANDARD = new FrontalCheck();

    private FrontalCheck() {
    }

    /** The check that ships with the app (parameters and card in resources). */
    public static FrontalCheck standard() {
        return STANDARD;
    }

    /** Name and version for cards, reports and logs, e.g. "frontal-check 1". */
    public String id() {
        return "frontal-check 0";
    }

    /** Thread-safe; a few milliseconds per image. */
    public Result check(XrayImage image) {
        return new Result(1.0, true);
    }
}
