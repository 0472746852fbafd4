package io.lunglens.gate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Acceptance counts per source, as a confusion table: the card, the test and the benchmark print the same one. */
final class FrontalEval {

    /** One source: how many images, how many the check called frontal. */
    record Row(String source, boolean frontal, int images, int accepted) {

        /** Share answered correctly: accepted for frontal sources, rejected for the others. */
        double correct() {
            return images == 0 ? Double.NaN : (double) (frontal ? accepted : images - accepted) / images;
        }
    }

    /** A sample with the check's answer. */
    record Scored(FrontalSamples.Sample sample, double score, boolean accepted) {
    }

    private FrontalEval() {
    }

    static List<Scored> score(FrontalCheck check, List<FrontalSamples.Sample> samples) {
        return samples.parallelStream().map(s -> {
            FrontalCheck.Result r = check.check(s.image().get());
            return new Scored(s, r.score(), r.frontal());
        }).toList();
    }

    static List<Row> rows(List<Scored> scored) {
        Map<String, int[]> counts = new LinkedHashMap<>();
        Map<String, Boolean> truth = new LinkedHashMap<>();
        for (Scored s : scored) {
            int[] c = counts.computeIfAbsent(s.sample().source(), k -> new int[2]);
            c[0]++;
            c[1] += s.accepted() ? 1 : 0;
            truth.put(s.sample().source(), s.sample().frontal());
        }
        List<Row> rows = new ArrayList<>();
        counts.forEach((k, c) -> rows.add(new Row(k, truth.get(k), c[0], c[1])));
        return rows;
    }

    /** Pooled share correct over the rows whose source name contains any of the keys. */
    static double pooled(List<Row> rows, String... keys) {
        int n = 0;
        int ok = 0;
        for (Row r : rows) {
            for (String k : keys) {
                if (r.source().contains(k)) {
                    n += r.images();
                    ok += r.frontal() ? r.accepted() : r.images() - r.accepted();
                    break;
                }
            }
        }
        return n == 0 ? Double.NaN : (double) ok / n;
    }

    static String table(List<Row> rows) {
        StringBuilder b = new StringBuilder();
        b.append("| source | truth | images | called frontal | called not frontal | correct |\n");
        b.append("|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            b.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %d | %.1f%% |%n", r.source(),
                    r.frontal() ? "frontal" : "not frontal", r.images(), r.accepted(), r.images() - r.accepted(),
                    100 * r.correct()));
        }
        return b.toString();
    }
}
