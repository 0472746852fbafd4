package io.lunglens.gate;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The input gate's answer for one image: may the model's verdict be shown?
 *
 * @param frontalChestXray the model-independent check says this is a frontal (PA/AP) chest radiograph
 * @param frontalScore     that check's score, 0..1
 * @param inTrainingDomain the image lies within what this model was trained on (true when the model cannot say)
 * @param domainScore      distance from the training images over the model's threshold (≤ 1 inside); NaN when
 *                         the model carries no description of its training data
 * @param reason           one plain sentence: why there is no verdict, or that the image passed
 */
public record GateResult(boolean frontalChestXray, double frontalScore, boolean inTrainingDomain, double domainScore,
                         String reason) {

    public static final String NOT_FRONTAL = "not a frontal chest X-ray";
    public static final String OUTSIDE_DOMAIN = "outside the model's training data";

    /** Both checks passed: the verdict may be shown. */
    public boolean passed() {
        return frontalChestXray && inTrainingDomain;
    }

    /** What stands in place of a verdict ("not a frontal chest X-ray"), or "" when the image passed. */
    public String shortReason() {
        return shortReason(frontalChestXray, inTrainingDomain);
    }

    /** The same from the two answers alone, as a scan's CSV row keeps them. */
    public static String shortReason(boolean frontalChestXray, boolean inTrainingDomain) {
        return !frontalChestXray ? NOT_FRONTAL : !inTrainingDomain ? OUTSIDE_DOMAIN : "";
    }

    /** The JSON object of {@code predict --json}, with exactly these names; a missing domain score is null. */
    public Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("frontalChestXray", frontalChestXray);
        m.put("frontalScore", round(frontalScore));
        m.put("inTrainingDomain", inTrainingDomain);
        m.put("domainScore", Double.isFinite(domainScore) ? round(domainScore) : null);
        m.put("reason", reason);
        return m;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
