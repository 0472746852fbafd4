package io.lunglens.synth;

import java.util.SplittableRandom;

/** Things burned onto the film rather than the patient, drawn on display values in [0, 1]. */
final class Markers {

    private static final String[] L = {
        "11000", "11000", "11000", "11000", "11000", "11111", "11111"};
    private static final String[] R = {
        "11110", "11011", "11011", "11110", "11100", "11011", "11011"};

    private Markers() {
    }

    /** A lead R or L letter near an upper corner, on the side it names (patient's left is image right). */
    static void sideLetter(float[] v, int n, SplittableRandom rng) {
        boolean left = rng.nextBoolean();
        double cell = Math.max(1.5, 0.0065 * n * Anatomy.u(rng, 0.8, 1.2));
        double x = left ? Anatomy.u(rng, 0.84, 0.93) * n : Anatomy.u(rng, 0.04, 0.11) * n;
        double y = Anatomy.u(rng, 0.04, 0.22) * n;
        float value = (float) Anatomy.u(rng, 0.85, 1.0);
        glyph(v, n, left ? L : R, x, y, cell, value);
    }

    /**
     * The shortcut: a hospital's source tag, always in the same place (top left), a bright frame with a dark
     * centre and a bright dot, unlike anything else in the phantoms.
     */
    static void sourceTag(float[] v, int n) {
        int x0 = Math.round(0.025f * n);
        int size = Math.max(6, Math.round(0.08f * n));
        int frame = Math.max(1, size / 5);
        for (int y = x0; y < x0 + size; y++) {
            for (int x = x0; x < x0 + size; x++) {
                int ex = Math.min(x - x0, x0 + size - 1 - x);
                int ey = Math.min(y - x0, x0 + size - 1 - y);
                boolean rim = ex < frame || ey < frame;
                boolean dot = ex >= 2 * frame && ey >= 2 * frame;
                v[y * n + x] = rim || dot ? 0.95f : 0.08f;
            }
        }
    }

    private static void glyph(float[] v, int n, String[] rows, double x0, double y0, double cell, float value) {
        for (int r = 0; r < rows.length; r++) {
            for (int c = 0; c < rows[r].length(); c++) {
                if (rows[r].charAt(c) != '1') {
                    continue;
                }
                int xa = (int) Math.round(x0 + c * cell);
                int xb = (int) Math.round(x0 + (c + 1) * cell);
                int ya = (int) Math.round(y0 + r * cell);
                int yb = (int) Math.round(y0 + (r + 1) * cell);
                for (int y = Math.max(0, ya); y < Math.min(n, yb); y++) {
                    for (int x = Math.max(0, xa); x < Math.min(n, xb); x++) {
                        v[y * n + x] = value;
                    }
                }
            }
        }
    }
}
