package io.lunglens.synth;

import java.util.SplittableRandom;

/** Square float fields: the few raster operations the generator needs, all linear time. */
final class Fields {

    private Fields() {
    }

    /** Separable box blur of radius r, repeated passes times (three passes are close to a Gaussian). */
    static void boxBlur(float[] f, int n, int r, int passes) {
        if (r <= 0) {
            return;
        }
        float[] line = new float[n];
        float[] out = new float[n];
        for (int p = 0; p < passes; p++) {
            for (int y = 0; y < n; y++) {
                System.arraycopy(f, y * n, line, 0, n);
                blurLine(line, out, n, r);
                System.arraycopy(out, 0, f, y * n, n);
            }
            for (int x = 0; x < n; x++) {
                for (int y = 0; y < n; y++) {
                    line[y] = f[y * n + x];
                }
                blurLine(line, out, n, r);
                for (int y = 0; y < n; y++) {
                    f[y * n + x] = out[y];
                }
            }
        }
    }

    /** Running-sum box filter with edge replication. */
    private static void blurLine(float[] in, float[] out, int n, int r) {
        float inv = 1f / (2 * r + 1);
        float sum = 0;
        for (int i = -r; i <= r; i++) {
            sum += in[clamp(i, n)];
        }
        for (int i = 0; i < n; i++) {
            out[i] = sum * inv;
            sum += in[clamp(i + r + 1, n)] - in[clamp(i - r, n)];
        }
    }

    private static int clamp(int i, int n) {
        return i < 0 ? 0 : (i >= n ? n - 1 : i);
    }

    /**
     * Smooth value noise in about [-1, 1]: random values on a (cells+1)² lattice, interpolated with smoothstep.
     * Cheap, and its grain is set by cells.
     */
    static float[] valueNoise(SplittableRandom rng, int n, int cells) {
        int g = cells + 1;
        float[] lattice = new float[g * g];
        for (int i = 0; i < lattice.length; i++) {
            lattice[i] = (float) (rng.nextDouble() * 2 - 1);
        }
        float[] f = new float[n * n];
        float step = (float) cells / n;
        int[] x0 = new int[n];
        float[] wx = new float[n];
        for (int x = 0; x < n; x++) {
            float gx = x * step;
            x0[x] = Math.min((int) gx, cells - 1);
            float t = gx - x0[x];
            wx[x] = t * t * (3 - 2 * t);
        }
        for (int y = 0; y < n; y++) {
            int y0 = x0[y];
            float wy = wx[y];
            int r0 = y0 * g;
            int r1 = r0 + g;
            for (int x = 0; x < n; x++) {
                int i = x0[x];
                float top = lattice[r0 + i] + (lattice[r0 + i + 1] - lattice[r0 + i]) * wx[x];
                float bot = lattice[r1 + i] + (lattice[r1 + i + 1] - lattice[r1 + i]) * wx[x];
                f[y * n + x] = top + (bot - top) * wy;
            }
        }
        return f;
    }

    /** Raises f to at least v·profile inside a disc of radius r (pixels) around (cx, cy); a tube when stamped along a path. */
    static void stampMax(float[] f, int n, double cx, double cy, double r, double v) {
        double rr = Math.max(r, 0.5);
        int x0 = Math.max(0, (int) Math.floor(cx - rr));
        int x1 = Math.min(n - 1, (int) Math.ceil(cx + rr));
        int y0 = Math.max(0, (int) Math.floor(cy - rr));
        int y1 = Math.min(n - 1, (int) Math.ceil(cy + rr));
        double inv = 1 / (rr * rr);
        for (int y = y0; y <= y1; y++) {
            double dy = y - cy;
            for (int x = x0; x <= x1; x++) {
                double dx = x - cx;
                double q = 1 - (dx * dx + dy * dy) * inv;
                if (q > 0) {
                    float val = (float) (v * Math.sqrt(q));
                    int i = y * n + x;
                    if (val > f[i]) {
                        f[i] = val;
                    }
                }
            }
        }
    }

    static double smoothstep(double e0, double e1, double x) {
        double t = Math.max(0, Math.min(1, (x - e0) / (e1 - e0)));
        return t * t * (3 - 2 * t);
    }
}
