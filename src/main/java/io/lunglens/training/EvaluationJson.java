package io.lunglens.training;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** An evaluation's metrics as JSON values: the model card's testMetrics and evaluation.json hold this form. */
public final class EvaluationJson {

    private EvaluationJson() {
    }

    /** The test metrics as the model card stores them. */
    public static Map<String, Object> metrics(Evaluation e) {
        ClassificationMetrics m = e.metrics();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("images", e.rows().size());
        if (!e.gated().isEmpty()) {
            out.put("gatedImages", e.gated().size());
        }
        out.put("positiveClass", e.classes().get(e.positive()));
        out.put("confusion", Map.of("tp", m.tp(), "fp", m.fp(), "tn", m.tn(), "fn", m.fn()));
        out.put("accuracy", interval(m.accuracy()));
        out.put("precision", interval(m.precision()));
        out.put("recall", interval(m.recall()));
        out.put("specificity", interval(m.specificity()));
        out.put("f1", round(m.f1()));
        out.put("auc", interval(m.aucInterval()));
        out.put("eceUncalibrated", round(e.eceRaw()));
        out.put("eceCalibrated", round(e.eceCalibrated()));
        Map<String, Object> occlusion = byClass(e, e.occlusionMass());
        if (!occlusion.isEmpty()) {
            out.put("occlusionMassInsideLungs", occlusion);
            out.put("shortcutCheckMethod", e.checkMethod() == null ? null : e.checkMethod().label());
            out.put("gradCamMassInsideLungs", byClass(e, e.gradCamMass()));
            out.put("shortcutSuspected", e.shortcutSuspected());
        }
        return out;
    }

    private static Map<String, Object> byClass(Evaluation e, double[] values) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int c = 0; c < e.classes().size(); c++) {
            if (!Double.isNaN(values[c])) {
                m.put(e.classes().get(c), round(values[c]));
            }
        }
        return m;
    }

    private static Map<String, Object> interval(ClassificationMetrics.Interval i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("value", round(i.value()));
        m.put("ci95", Arrays.asList(round(i.low()), round(i.high())));
        return m;
    }

    private static Object round(double v) {
        return Double.isNaN(v) ? null : Math.round(v * 10000) / 10000.0;
    }
}
