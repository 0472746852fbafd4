package io.lunglens.synth;

import java.util.SplittableRandom;

/**
 * One patient's body, drawn from plausible ranges. Coordinates are fractions of the image in the upright,
 * unrotated frame: x to the image's right (the patient's left, as on a PA film), y down. Side 0 is the
 * patient's right lung (image left), side 1 the left lung.
 */
final class Anatomy {

    final double mx;
    final double[] latD = new double[2];
    final double[] apexY = new double[2];
    final double[] baseY = new double[2];
    final double[] apexD = new double[2];
    final double[] domeH = new double[2];
    final double[] domePeak = new double[2];
    final double[] lateralBend = new double[2];
    final double medD;
    final double[] mediHalf = new double[2];
    final double knobAmp;
    final double knobY;

    final double heartCx;
    final double heartCy;
    final double heartA;
    final double heartB;
    final double heartCos;
    final double heartSin;
    final double ctr;

    final double neckHalf;
    final double shoulderY;
    final double wall;
    final boolean arms;
    final double armGap;
    final double armHalf;
    final double spineHalf;

    final double ribTop;
    final double ribSpacing;
    final double ribThick;
    final double ribRise;
    final double ribDrop;
    final double clavY;
    final double clavTilt;
    final double clavLen;

    final double soft;
    final double air;
    final double bone;
    final double vessels;

    Anatomy(SplittableRandom r) {
        mx = 0.5 + u(r, -0.015, 0.015);
        double thorax = u(r, 0.32, 0.39);
        double apex = u(r, 0.09, 0.16);
        double base = apex + u(r, 0.56, 0.67);
        for (int s = 0; s < 2; s++) {
            latD[s] = thorax * u(r, 0.97, 1.03);
            apexY[s] = apex + u(r, -0.01, 0.01);
            apexD[s] = latD[s] * u(r, 0.38, 0.48);
            lateralBend[s] = u(r, 0.45, 0.65);
            domePeak[s] = latD[s] * u(r, 0.40, 0.55);
        }
        // The right hemidiaphragm (side 0) usually sits a little higher than the left.
        baseY[0] = base;
        baseY[1] = base + u(r, 0.0, 0.035);
        domeH[0] = u(r, 0.06, 0.11);
        domeH[1] = u(r, 0.05, 0.09);
        medD = 0.02;
        mediHalf[0] = u(r, 0.045, 0.060);
        mediHalf[1] = u(r, 0.050, 0.065);
        knobAmp = u(r, 0.012, 0.03);
        knobY = apex + u(r, 0.12, 0.16);

        // Heart: a tilted ellipse sized from the cardiothoracic ratio, two thirds of it left of the midline.
        ctr = u(r, 0.40, 0.55);
        double thoraxWidth = latD[0] + latD[1];
        double halfExtent = ctr * thoraxWidth / 2;
        double phi = Math.toRadians(u(r, 35, 48));
        heartCos = Math.cos(phi);
        heartSin = Math.sin(phi);
        heartB = halfExtent * u(r, 0.68, 0.8);
        heartA = Math.sqrt((halfExtent * halfExtent - heartB * heartB * heartSin * heartSin) / (heartCos * heartCos));
        heartCx = mx - 0.33 * 2 * halfExtent + halfExtent;
        double vertical = Math.sqrt(heartA * heartA * heartSin * heartSin + heartB * heartB * heartCos * heartCos);
        double floor = baseY[1] - domeH[1] * 0.7;
        heartCy = floor - vertical * u(r, 0.55, 0.8);

        neckHalf = u(r, 0.085, 0.11);
        shoulderY = apex - u(r, 0.05, 0.11);
        wall = u(r, 0.05, 0.09);
        arms = r.nextDouble() < 0.85;
        armGap = u(r, 0.005, 0.04);
        armHalf = u(r, 0.045, 0.07);
        spineHalf = u(r, 0.028, 0.038);

        ribTop = apex - u(r, 0.02, 0.04);
        ribSpacing = (base - ribTop) / u(r, 9.2, 10.5);
        ribThick = u(r, 0.02, 0.027);
        ribRise = u(r, 0.12, 0.3);
        ribDrop = u(r, 0.09, 0.16);
        clavY = apex + u(r, 0.02, 0.05);
        clavTilt = u(r, 0.05, 0.25);
        clavLen = thorax * u(r, 0.8, 0.95);

        soft = u(r, 0.72, 0.82);
        air = u(r, 0.38, 0.46);
        bone = u(r, 0.08, 0.12);
        vessels = u(r, 0.07, 0.12);
    }

    static double u(SplittableRandom r, double lo, double hi) {
        return lo + (hi - lo) * r.nextDouble();
    }

    /** Fraction of the way from apex (0) to the lateral costophrenic angle (1) at height y. */
    double t(int s, double y) {
        return (y - apexY[s]) / (baseY[s] - apexY[s]);
    }

    /** Distance from the midline of the lateral lung edge; t in [0, 1]. */
    double lateral(int s, double t) {
        double g = Math.sqrt(Math.sin(Math.min(t / lateralBend[s], 1) * Math.PI / 2));
        return apexD[s] + (latD[s] - apexD[s]) * g + 0.03 * Math.max(0, t - lateralBend[s]);
    }

    /** Distance from the midline of the medial lung edge before the mediastinum cuts it. */
    double medial(int s, double t) {
        double h = Math.sqrt(Math.sin(Math.min(t / 0.18, 1) * Math.PI / 2));
        return medD + (apexD[s] - medD) * (1 - h);
    }

    /** Height of the diaphragm dome at distance d from the midline. */
    double dome(int s, double d) {
        double p = domePeak[s];
        double q = d >= p ? Math.min(1, (d - p) / (latD[s] - p)) : 0.6 * (p - d) / p;
        return baseY[s] - domeH[s] * (1 - q * q);
    }

    /** Half width of the mediastinum on side s at height y: aortic knob and pulmonary trunk bulge to the left. */
    double mediastinum(int s, double y) {
        if (s == 0) {
            return mediHalf[0];
        }
        double k1 = (y - knobY) / 0.03;
        double k2 = (y - knobY - 0.065) / 0.025;
        return mediHalf[1] + knobAmp * Math.exp(-k1 * k1) + 0.5 * knobAmp * Math.exp(-k2 * k2);
    }

    /** Inside the heart shadow: values below 1 inside the tilted ellipse. */
    double heart(double x, double y) {
        // Below its widest row the heart keeps that width down to the diaphragm, so it sits on the domes.
        double dx = x - heartCx;
        double dy = Math.min(y, heartCy) - heartCy;
        double a = (dx * heartCos + dy * heartSin) / heartA;
        double b = (-dx * heartSin + dy * heartCos) / heartB;
        return a * a + b * b;
    }
}
