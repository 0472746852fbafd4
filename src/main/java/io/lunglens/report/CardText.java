package io.lunglens.report;

import io.lunglens.model.ModelCard;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A model card in a few plain lines: what the model is, what it was trained on, how it tested. */
final class CardText {

    private CardText() {
    }

    /** Label → value, in reading order. */
    static Map<String, String> lines(ModelCard card) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("Model", card.name() + " version " + card.version() + " (" + card.architecture() + ", "
                + card.inputSize() + "×" + card.inputSize() + " px input)" + (card.createdAt() == null ? ""
                : ", made " + card.createdAt()));
        m.put("Trained on", training(card));
        m.put("Synthetic", card.synthetic() ? "yes — trained on synthetic phantoms; its verdicts mean nothing for"
                + " patients" : "no — trained on the images named above");
        m.put("Test metrics", metrics(card.testMetrics()));
        m.put("Weights", "SHA-256 " + card.weightsSha256());
        return m;
    }

    private static String training(ModelCard card) {
        Map<String, Object> t = card.training();
        Object dataset = t.get("dataset");
        String name = dataset == null ? "(not recorded)" : Path.of(dataset.toString()).getFileName().toString();
        List<String> parts = new ArrayList<>();
        parts.add(name);
        Object counts = t.get("countsPerClass");
        if (counts instanceof List<?> c && c.size() == card.classes().size()) {
            List<String> per = new ArrayList<>();
            for (int i = 0; i < c.size(); i++) {
                per.add(c.get(i) + " " + card.classes().get(i));
            }
            parts.add(String.join(", ", per));
        }
        if (t.get("split") != null) {
            parts.add("split " + t.get("split") + " (train/validation/test), seed " + t.getOrDefault("splitSeed", "?"));
        }
        return String.join("; ", parts);
    }

    /** "accuracy 0.90 (95% CI 0.83–0.94), …" over the test split, or why there are none. */
    static String metrics(Map<String, Object> m) {
        if (m == null || m.isEmpty()) {
            return "none recorded";
        }
        List<String> parts = new ArrayList<>();
        for (String k : List.of("accuracy", "recall", "specificity", "precision", "auc")) {
            if (m.get(k) instanceof Map<?, ?> v && v.get("value") instanceof Number value) {
                String name = k.equals("recall") ? "sensitivity" : k.equals("auc") ? "AUC" : k;
                parts.add(name + " " + two(value) + (v.get("ci95") instanceof List<?> ci && ci.size() == 2
                        ? " (95% CI " + two(ci.get(0)) + "–" + two(ci.get(1)) + ")" : ""));
            }
        }
        Object n = m.get("images");
        return String.join(", ", parts) + (n == null ? "" : "; " + n + " test images");
    }

    private static String two(Object v) {
        return v instanceof Number n ? String.format(Locale.ROOT, "%.2f", n.doubleValue()) : String.valueOf(v);
    }
}
