package io.lunglens.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {

    @Test
    void confusionMatrixAndRates() {
        boolean[] pos = {true, true, true, true, false, false, false, false, false, false};
        double[] score = {0.9, 0.8, 0.7, 0.2, 0.6, 0.1, 0.1, 0.3, 0.2, 0.4};
        ClassificationMetrics m = ClassificationMetrics.of(pos, score, 0.5);
        assertEquals(3, m.tp());
        assertEquals(1, m.fn());
        assertEquals(1, m.fp());
        assertEquals(5, m.tn());
        assertEquals(0.8, m.accuracy().value(), 1e-12);
        assertEquals(0.75, m.precision().value(), 1e-12);
        assertEquals(0.75, m.recall().value(), 1e-12);
        assertEquals(5.0 / 6, m.specificity().value(), 1e-12);
        assertEquals(0.75, m.f1(), 1e-12);
        // 4 positives x 6 negatives = 24 pairs; the 0.2 positive beats 0.1, 0.1 and ties one 0.2.
        assertEquals((3 * 6 + 2 + 0.5) / 24, m.auc(), 1e-12);
        assertTrue(m.aucInterval().low() <= m.auc() && m.auc() <= m.aucInterval().high());
        assertEquals(0, m.roc().get(0)[0]);
        assertEquals(1.0, m.roc().get(m.roc().size() - 1)[1], 1e-12);
    }

    @Test
    void nanScoresOfADivergedModelEndTheRocCurve() {
        boolean[] pos = {true, false, true, false};
        double[] score = {Double.NaN, Double.NaN, 0.7, 0.2};
        ClassificationMetrics m = ClassificationMetrics.of(pos, score, 0.5);
        assertEquals(4, m.roc().size(), "origin, one point per distinct score");
        assertEquals(1.0, m.roc().get(m.roc().size() - 1)[1], 1e-12);
    }

    @Test
    void wilsonIntervalMatchesTheTextbook() {
        ClassificationMetrics.Interval i = ClassificationMetrics.wilson(8, 10);
        assertEquals(0.4902, i.low(), 1e-4);
        assertEquals(0.9433, i.high(), 1e-4);
        ClassificationMetrics.Interval all = ClassificationMetrics.wilson(100, 100);
        assertEquals(1.0, all.high(), 1e-12);
        assertTrue(all.low() < 0.97, "100/100 still leaves room: " + all);
        assertTrue(Double.isNaN(ClassificationMetrics.wilson(0, 0).value()));
    }

    @Test
    void aucOfPerfectRandomAndOneClass() {
        assertEquals(1.0, ClassificationMetrics.auc(new boolean[] {false, true}, new double[] {0.1, 0.9}));
        assertEquals(0.5, ClassificationMetrics.auc(new boolean[] {false, true}, new double[] {0.5, 0.5}));
        assertTrue(Double.isNaN(ClassificationMetrics.auc(new boolean[] {true, true}, new double[] {0.5, 0.7})));
        SplittableRandom r = new SplittableRandom(3);
        boolean[] p = new boolean[2000];
        double[] s = new double[2000];
        for (int i = 0; i < p.length; i++) {
            p[i] = r.nextBoolean();
            s[i] = r.nextDouble();
        }
        assertEquals(0.5, ClassificationMetrics.auc(p, s), 0.04);
    }

    @Test
    void calibrationErrorOfCalibratedAndOverconfidentScores() {
        SplittableRandom r = new SplittableRandom(5);
        int n = 20_000;
        boolean[] p = new boolean[n];
        double[] calibrated = new double[n];
        double[] overconfident = new double[n];
        for (int i = 0; i < n; i++) {
            calibrated[i] = r.nextDouble();
            p[i] = r.nextDouble() < calibrated[i];
            overconfident[i] = calibrated[i] > 0.5 ? 0.99 : 0.01;
        }
        assertTrue(ClassificationMetrics.expectedCalibrationError(p, calibrated, 15) < 0.02);
        assertTrue(ClassificationMetrics.expectedCalibrationError(p, overconfident, 15) > 0.2);
    }

    @Test
    void temperatureCoolsAnOverconfidentModel() {
        SplittableRandom r = new SplittableRandom(9);
        int n = 2000;
        double[][] logits = new double[n][];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            double z = r.nextGaussian();
            labels[i] = r.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
            logits[i] = new double[] {0, 4 * z};
        }
        double t = Calibration.fitTemperature(logits, labels);
        assertEquals(4, t, 0.6);
        assertTrue(Calibration.nll(logits, labels, t) < Calibration.nll(logits, labels, 1));
    }

    @Test
    void overfittingFlaggedWhenValidationRisesWhileTrainingFalls() {
        OverfitDetector d = new OverfitDetector(2);
        assertEquals(Optional.empty(), d.add(1.0, 1.0));
        assertEquals(Optional.empty(), d.add(0.8, 0.7));
        assertEquals(Optional.empty(), d.add(0.6, 0.75));
        Optional<OverfitDetector.Flag> f = d.add(0.4, 0.8);
        assertTrue(f.isPresent());
        assertEquals(4, f.get().epoch());
        assertEquals(2, f.get().bestEpoch());
        assertEquals(0.4, f.get().gap(), 1e-12);
        assertEquals(Optional.empty(), d.add(0.3, 0.9), "flags once");

        OverfitDetector both = new OverfitDetector(2);
        both.add(1.0, 1.0);
        both.add(1.1, 1.1);
        assertEquals(Optional.empty(), both.add(1.2, 1.2), "both rising is not overfitting");
    }
}
