package io.lunglens.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * 100 standard phantoms per class at 128² (generated in memory): the classes must not be separable by image
 * mean or standard deviation, and the masks must agree. 128² is used for speed; the image statistics are
 * scale-free fractions of the frame, and bench/synth.sh repeats the check at 512².
 */
class SynthStatisticsTest {

    private static final int PER_CLASS = 100;
    private static final List<Phantom> COVID = new ArrayList<>();
    private static final List<Phantom> NORMAL = new ArrayList<>();

    @BeforeAll
    static void generate() {
        PhantomSpec spec = PhantomSpec.standard(128);
        for (int i = 0; i < PER_CLASS; i++) {
            COVID.add(PhantomGenerator.generate(spec, true, 42, i));
            NORMAL.add(PhantomGenerator.generate(spec, false, 42, i));
        }
    }

    @Test
    void meanAndStdAreWeakClassifiers() {
        double meanAuc = auc(COVID.stream().mapToDouble(p -> moments(p)[0]).toArray(),
                NORMAL.stream().mapToDouble(p -> moments(p)[0]).toArray());
        double stdAuc = auc(COVID.stream().mapToDouble(p -> moments(p)[1]).toArray(),
                NORMAL.stream().mapToDouble(p -> moments(p)[1]).toArray());
        System.out.printf(Locale.ROOT, "AUC mean %.3f, std %.3f%n", meanAuc, stdAuc);
        // Either direction counts: a feature that ranks normal images higher separates just as well.
        assertTrue(Math.max(meanAuc, 1 - meanAuc) <= 0.65, "image mean separates the classes, AUC " + meanAuc);
        assertTrue(Math.max(stdAuc, 1 - stdAuc) <= 0.65, "image std separates the classes, AUC " + stdAuc);
    }

    @Test
    void lesionsLieInsideTheLungs() {
        for (List<Phantom> set : List.of(COVID, NORMAL)) {
            for (Phantom p : set) {
                int lesion = 0;
                int lung = 0;
                for (int k = 0; k < p.lesionMask().length; k++) {
                    lung += p.lungMask()[k];
                    if (p.lesionMask()[k] == 1) {
                        lesion++;
                        assertEquals(1, p.lungMask()[k], p.fileName() + ": lesion pixel " + k + " outside the lungs");
                    }
                }
                assertTrue(lung > 0.12 * p.size() * p.size(), p.fileName() + ": lung field too small, " + lung);
                if (p.covid()) {
                    assertTrue(lesion > 0 && p.lesions() >= 1 && p.lesions() <= 6, p.fileName() + ": no lesion");
                    assertTrue(p.severity() > 0 && p.lesionFraction() > 0);
                } else {
                    assertEquals(0, lesion, p.fileName() + ": normal image with a lesion");
                    assertEquals(0, p.lesions());
                }
                assertTrue(p.ctr() >= 0.4 && p.ctr() <= 0.55);
            }
        }
    }

    @Test
    void mostCovidCasesAreBilateral() {
        long bilateral = COVID.stream().filter(Phantom::bilateral).count();
        assertTrue(bilateral > PER_CLASS / 2 && bilateral < PER_CLASS, "bilateral " + bilateral);
    }

    @Test
    void lesionsAreMostlyInTheLowerLungs() {
        long lower = 0;
        long total = 0;
        for (Phantom p : COVID) {
            int n = p.size();
            int top = n;
            int bottom = 0;
            for (int k = 0; k < p.lungMask().length; k++) {
                if (p.lungMask()[k] == 1) {
                    top = Math.min(top, k / n);
                    bottom = Math.max(bottom, k / n);
                }
            }
            int mid = (top + bottom) / 2;
            for (int k = 0; k < p.lesionMask().length; k++) {
                if (p.lesionMask()[k] == 1) {
                    total++;
                    if (k / n >= mid) {
                        lower++;
                    }
                }
            }
        }
        assertTrue(lower > 0.6 * total, "lower-zone share of lesion pixels " + (double) lower / total);
    }

    /** Mean and standard deviation of the stored values, scaled to [0, 1]. */
    static double[] moments(Phantom p) {
        double max = (1 << p.bitsStored()) - 1;
        double sum = 0;
        double sq = 0;
        for (int v : p.pixels()) {
            double x = v / max;
            sum += x;
            sq += x * x;
        }
        int n = p.pixels().length;
        double mean = sum / n;
        return new double[] {mean, Math.sqrt(Math.max(0, sq / n - mean * mean))};
    }

    /** ROC AUC of a score that should be higher for positives: the Mann-Whitney U statistic, ties as half. */
    static double auc(double[] positives, double[] negatives) {
        double wins = 0;
        for (double p : positives) {
            for (double q : negatives) {
                wins += p > q ? 1 : (p == q ? 0.5 : 0);
            }
        }
        return wins / ((double) positives.length * negatives.length);
    }
}
