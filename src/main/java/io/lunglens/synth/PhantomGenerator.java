package io.lunglens.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws synthetic PA chest radiographs. The body is built as a density map in an upright frame (soft tissue,
 * lung air, heart, bones, vessels, optional lesions), moved by the patient's position, then exposed:
 * window, gamma, quantum noise and detector blur. Each image has its own random stream derived from
 * (seed, class, index), so images can be made in any order or in parallel and still come out the same.
 */
public final class PhantomGenerator {

    private static final int GAMMA_STEPS = 2048;

    private PhantomGenerator() {
    }

    /** Phantom number index (from 0) of the given class for this run seed. */
    public static Phantom generate(PhantomSpec spec, boolean covid, long seed, int index) {
        if (index < 0) {
            throw new IllegalArgumentException("phantom index must be >= 0, was " + index);
        }
        return new Render(spec, covid, seed, index).run();
    }

    /** The random stream of one image: a mix of run seed, class and index (SplittableRandom's own mixer). */
    static long imageSeed(long seed, boolean covid, int index) {
        long z = seed * 0x9E3779B97F4A7C15L + (covid ? 0x632BE59BD9B4E019L : 0x2545F4914F6CDD1DL) + index;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** One image being drawn; all state lives here so images are independent. */
    private static final class Render {
        private final PhantomSpec spec;
        private final boolean covid;
        private final long seed;
        private final int index;
        private final SplittableRandom rng;
        private final Anatomy a;
        private final int n;
        private final int pad;
        private final int m;
        private final List<String> flags = new ArrayList<>();

        private final float[] density;
        private final float[] air;
        private final float[] bones;
        private final byte[] lung;
        private final byte[] lesion;
        private double severity;
        private int lesionCount;

        Render(PhantomSpec spec, boolean covid, long seed, int index) {
            this.spec = spec;
            this.covid = covid;
            this.seed = seed;
            this.index = index;
            this.rng = new SplittableRandom(imageSeed(seed, covid, index));
            this.a = new Anatomy(rng);
            this.n = spec.size();
            // The upright frame has a margin so that rotating and shrinking never reveals its edge.
            this.pad = (int) Math.ceil(0.145 * n);
            this.m = n + 2 * pad;
            density = new float[m * m];
            air = new float[m * m];
            bones = new float[m * m];
            lung = new byte[m * m];
            lesion = new byte[m * m];
        }

        /** Pixel coordinate in the upright frame of a fraction of the image. */
        private double px(double f) {
            return f * n + pad - 0.5;
        }

        private double fx(int i) {
            return (i - pad + 0.5) / n;
        }

        Phantom run() {
            body();
            float[] vessels = vessels();
            ribsAndClavicles();
            spine();
            extras();
            float[] opacity = covid ? lesions() : null;
            compose(vessels, opacity);
            return expose();
        }

        /** The random choices of {@link #body}, drawn in the order they always were so images stay the same. */
        private record BodyShape(boolean breast, double breastK, double breastY, boolean bubble, double bubbleD,
                                 double bubbleR, double trachea, double carina, double abdomenK, double bubbleTop) {
        }

        /** What depends on the column alone: distance from the midline, the shoulder line, the dome. */
        private record Columns(double[] d, double[] top, double[] dome) {
        }

        /** What depends on the row alone: the lung outline on each side, the torso and the arms. */
        private record Row(int j, double y, double[] t, double[] lat, double[] med, double[] medi, double torso,
                           double armC, double armOn) {
        }

        /** Soft tissue, lung fields, heart, mediastinum, trachea, diaphragm and abdomen. */
        private void body() {
            BodyShape b = bodyShape();
            Columns cols = columns();
            for (int j = 0; j < m; j++) {
                Row r = row(j);
                for (int i = 0; i < m; i++) {
                    density[r.j() * m + i] = (float) tissue(b, cols, r, i);
                }
            }
        }

        private BodyShape bodyShape() {
            boolean breast = rng.nextDouble() < 0.35;
            double breastK = Anatomy.u(rng, 0.04, 0.09);
            double breastY = Anatomy.u(rng, -0.06, 0.0);
            boolean bubble = rng.nextDouble() < 0.6;
            double bubbleD = Anatomy.u(rng, 0.12, 0.22);
            double bubbleR = Anatomy.u(rng, 0.035, 0.06);
            if (breast) {
                flags.add("breast");
            }
            if (bubble) {
                flags.add("gastric_bubble");
            }
            double trachea = Anatomy.u(rng, 0.011, 0.016);
            double carina = a.knobY + Anatomy.u(rng, 0.03, 0.06);
            double abdomenK = Anatomy.u(rng, 0.06, 0.12);
            double bubbleTop = a.dome(1, bubbleD) + bubbleR * 0.6;
            return new BodyShape(breast, breastK, breastY, bubble, bubbleD, bubbleR, trachea, carina, abdomenK,
                    bubbleTop);
        }

        private Columns columns() {
            double[] dCol = new double[m];
            double[] topCol = new double[m];
            double[] domeCol = new double[m];
            for (int i = 0; i < m; i++) {
                double dx = fx(i) - a.mx;
                int s = dx < 0 ? 0 : 1;
                dCol[i] = Math.abs(dx);
                // Trapezius slope from the neck to the shoulder, then the chest wall.
                topCol[i] = a.shoulderY - 0.05 + 0.6 * Math.pow(Math.max(0, dCol[i] - a.neckHalf), 1.6);
                domeCol[i] = a.dome(s, Math.min(dCol[i], a.latD[s]));
            }
            return new Columns(dCol, topCol, domeCol);
        }

        private Row row(int j) {
            double y = fx(j);
            double[] t = {a.t(0, y), a.t(1, y)};
            double[] lat = new double[2];
            double[] med = new double[2];
            double[] medi = new double[2];
            for (int s = 0; s < 2; s++) {
                double tt = Math.max(0, Math.min(1, t[s]));
                lat[s] = a.lateral(s, tt);
                med[s] = a.medial(s, tt);
                medi[s] = a.mediastinum(s, y);
            }
            double torso = a.latD[0] / 2 + a.latD[1] / 2 + a.wall + 0.02 * Math.max(0, y - a.baseY[0]);
            double armC = torso + a.armGap + a.armHalf;
            double armOn = a.arms ? Fields.smoothstep(a.shoulderY, a.shoulderY + 0.08, y) : 0;
            return new Row(j, y, t, lat, med, medi, torso, armC, armOn);
        }

        /** One pixel's density; marks the lung mask and the air fraction on the way. */
        private double tissue(BodyShape b, Columns cols, Row r, int i) {
            double x = fx(i);
            int s = x < a.mx ? 0 : 1;
            double d = cols.d()[i];
            double y = r.y();
            double thick = thickness(r, d, cols.top()[i]);
            double v = a.soft * Math.sqrt(thick);
            double dome = cols.dome()[i];
            double below = y < dome - 0.005 ? 0 : Fields.smoothstep(dome - 0.005, dome + 0.02, y);
            v += b.abdomenK() * below * thick;
            double heart = d < 0.36 ? a.heart(x, y) : 2;
            boolean inHeart = heart < 1;
            double ts = r.t()[s];
            boolean envelope = ts >= 0 && ts <= 1 && d >= r.med()[s] && d <= r.lat()[s] && y <= dome;
            int k = r.j() * m + i;
            if (envelope && !inHeart && d >= r.medi()[s]) {
                lung[k] = 1;
                air[k] = (float) (0.7 + 0.3 * Fields.smoothstep(0, 0.45, ts));
            } else if (envelope && inHeart) {
                air[k] = 0.06f;
            } else if (envelope) {
                air[k] = 0.05f;
            }
            if (inHeart && y < dome + 0.03) {
                v += 0.07 * Math.sqrt(1 - heart);
            }
            if (d < r.medi()[s] && y < dome) {
                v += 0.03;
            }
            v = airways(b, v, d, y);
            return breastAndBubble(b, v, s, d, y, below);
        }

        /** How much body the ray crosses: the torso's ellipse below the shoulders, the neck, the arms. */
        private double thickness(Row r, double d, double top) {
            double y = r.y();
            double torso = r.torso();
            double thick = d < torso ? Math.sqrt(1 - (d / torso) * (d / torso)) * (y >= top + 0.05 ? 1 : Fields.smoothstep(top, top + 0.05, y)) : 0;
            if (d < a.neckHalf) {
                thick = Math.max(thick, 0.85 * Math.sqrt(1 - (d / a.neckHalf) * (d / a.neckHalf)));
            }
            if (r.armOn() > 0) {
                double q = (d - r.armC()) / a.armHalf;
                if (q * q < 1) {
                    thick = Math.max(thick, 0.8 * r.armOn() * Math.sqrt(1 - q * q));
                }
            }
            return thick;
        }

        /** The trachea above the carina, the two main bronchi below it. */
        private static double airways(BodyShape b, double v, double d, double y) {
            double trachea = b.trachea();
            double carina = b.carina();
            if (y < carina && d < trachea) {
                v -= 0.09 * Math.sqrt(1 - (d / trachea) * (d / trachea));
            } else if (y >= carina && y < carina + 0.06) {
                double bd = Math.abs(d - (y - carina) * 0.9) / (trachea * 0.75);
                if (bd < 1) {
                    v -= 0.07 * Math.sqrt(1 - bd * bd);
                }
            }
            return v;
        }

        private double breastAndBubble(BodyShape b, double v, int s, double d, double y, double below) {
            if (b.breast()) {
                double by = (y - (a.baseY[s] + b.breastY() - 0.08)) / 0.13;
                double bx = (d - a.latD[s] * 0.62) / 0.19;
                double q = bx * bx + by * by;
                if (q < 1 && by > -0.6) {
                    v += b.breastK() * Math.sqrt(1 - q) * Fields.smoothstep(-0.6, 0.1, by);
                }
            }
            if (b.bubble() && s == 1) {
                double gy = (y - b.bubbleTop()) / (b.bubbleR() * 0.55);
                double gx = (d - b.bubbleD()) / b.bubbleR();
                double q = gx * gx + gy * gy;
                if (q < 1) {
                    v -= 0.12 * Fields.smoothstep(0, 0.7, 1 - q) * below;
                }
            }
            return v;
        }

        /** Pulmonary vessels: branching trees from each hilum, thinning and fading toward the periphery. */
        private float[] vessels() {
            float[] v = new float[m * m];
            boolean prominent = !covid && rng.nextDouble() < 0.25;
            if (prominent) {
                flags.add("prominent_vessels");
            }
            double gain = prominent ? 1.7 : 1.0;
            for (int s = 0; s < 2; s++) {
                double sg = s == 0 ? -1 : 1;
                double hy = a.apexY[s] + Anatomy.u(rng, 0.38, 0.48) * (a.baseY[s] - a.apexY[s]);
                double hx = a.mx + sg * (a.mediastinum(s, hy) + 0.015);
                Fields.stampMax(v, m, px(hx), px(hy), 0.03 * n, 0.9 * gain);
                int roots = 7 + rng.nextInt(4);
                for (int r = 0; r < roots; r++) {
                    double ang = -1.3 + 2.8 * (r + rng.nextDouble()) / roots;
                    double len = Anatomy.u(rng, 0.05, 0.10) * (ang > 0 ? 1.3 : 1.0);
                    branch(v, px(hx), px(hy), sg, ang, len * n, 0.0065 * n, 0.8 * gain, 0);
                }
            }
            return v;
        }

        private void branch(float[] v, double x, double y, double sg, double ang, double len, double w, double val, int depth) {
            double step = Math.max(0.5, w * 0.6);
            int steps = (int) Math.ceil(len / step);
            double bend = Anatomy.u(rng, -0.7, 0.7) / Math.max(1, steps);
            for (int k = 0; k < steps; k++) {
                ang += bend + 0.15 * (rng.nextDouble() - 0.5);
                x += sg * Math.cos(ang) * step;
                y += Math.sin(ang) * step;
                double f = 1 - 0.35 * k / steps;
                Fields.stampMax(v, m, x, y, w * f, val * f);
            }
            if (depth < 4 && w > 0.3) {
                for (int c = 0; c < 2; c++) {
                    double da = (c == 0 ? -1 : 1) * Anatomy.u(rng, 0.15, 0.6);
                    branch(v, x, y, sg, ang + da, len * Anatomy.u(rng, 0.6, 0.95), w * 0.7, val * 0.8, depth + 1);
                }
            }
        }

        /** Posterior ribs as curved bands, faint anterior ribs, and clavicles; bone edges are brighter (cortex). */
        private void ribsAndClavicles() {
            for (int s = 0; s < 2; s++) {
                double sg = s == 0 ? -1 : 1;
                double endD = a.latD[s] + 0.015;
                for (int k = 0; k < 12; k++) {
                    double y0 = a.ribTop + k * a.ribSpacing * (1 + 0.025 * k);
                    double drop = a.ribDrop * (1 + 0.04 * k);
                    double c2 = (drop + a.ribRise * endD) / Math.pow(endD, 2.5);
                    double th = a.ribThick * (0.9 + 0.025 * k);
                    band(sg, 0.028, endD, y0, -a.ribRise, c2, 2.5, th, a.bone, 0.03);
                }
                for (int k = 0; k < 6; k++) {
                    double y0 = a.apexY[s] + 0.06 + k * a.ribSpacing * 1.35;
                    // Anterior ribs run down toward the midline; written as a band falling with distance from the wall.
                    double startD = a.latD[s] * 0.35;
                    bandAnterior(sg, startD, a.latD[s], y0, a.ribThick * 1.1, a.bone * 0.3);
                }
                double len = a.clavLen;
                int steps = (int) (len * n / 2);
                for (int k = 0; k <= steps; k++) {
                    double d = 0.03 + len * k / steps;
                    double p = (d - 0.03) / len;
                    double y = a.clavY - a.clavTilt * (d - 0.03) + 0.012 * Math.sin(Math.PI * 2 * p);
                    double r = (0.012 + 0.007 * (1 - p)) * n;
                    Fields.stampMax(bones, m, px(a.mx + sg * d), px(y), r, a.bone * 2.0);
                }
            }
        }

        /** A band whose centre follows y = y0 + c1·d + c2·d^p between d0 and d1 on one side. */
        private void band(double sg, double d0, double d1, double y0, double c1, double c2, double p, double th, double k, double fade) {
            int i0 = (int) Math.floor(px(a.mx + sg * d0));
            int i1 = (int) Math.ceil(px(a.mx + sg * d1));
            int lo = Math.max(0, Math.min(i0, i1));
            int hi = Math.min(m - 1, Math.max(i0, i1));
            for (int i = lo; i <= hi; i++) {
                double d = Math.abs(fx(i) - a.mx);
                if (d < d0 || d > d1) {
                    continue;
                }
                double yc = y0 + c1 * d + c2 * Math.pow(d, p);
                double slope = c1 + c2 * p * Math.pow(d, p - 1);
                double hv = th / 2 * Math.sqrt(1 + slope * slope);
                double amp = k * Fields.smoothstep(d0, d0 + fade, d) * (1 - 0.4 * Fields.smoothstep(d1 - 0.03, d1, d));
                fillColumn(i, yc, hv, amp);
            }
        }

        private void bandAnterior(double sg, double d0, double d1, double y0, double th, double k) {
            for (int i = 0; i < m; i++) {
                double d = Math.abs(fx(i) - a.mx);
                if ((fx(i) - a.mx) * sg <= 0 || d < d0 || d > d1) {
                    continue;
                }
                double w = d1 - d;
                double yc = y0 + 0.5 * w + 0.35 * w * w;
                double slope = 0.5 + 0.7 * w;
                fillColumn(i, yc, th / 2 * Math.sqrt(1 + slope * slope), k * Fields.smoothstep(d0, d0 + 0.05, d));
            }
        }

        /** Adds a bone cross-section centred at yc with half height hv (fractions) in column i. */
        private void fillColumn(int i, double yc, double hv, double amp) {
            double c = px(yc);
            double h = hv * n;
            int j0 = Math.max(0, (int) Math.floor(c - h));
            int j1 = Math.min(m - 1, (int) Math.ceil(c + h));
            for (int j = j0; j <= j1; j++) {
                double uu = Math.abs(j - c) / h;
                if (uu < 1) {
                    double u2 = uu * uu;
                    double profile = (0.55 + 0.45 * u2 * u2 * u2) * Fields.smoothstep(1, 0.75, uu);
                    bones[j * m + i] += (float) (amp * profile);
                }
            }
        }

        /** Vertebral column with disc spaces, pedicles and spinous processes. */
        private void spine() {
            double w = a.spineHalf;
            int i0 = Math.max(0, (int) Math.floor(px(a.mx - w)));
            int i1 = Math.min(m - 1, (int) Math.ceil(px(a.mx + w)));
            double level = a.ribSpacing;
            for (int j = 0; j < m; j++) {
                double y = fx(j);
                double ph = ((y - a.ribTop) / level) % 1.0;
                if (ph < 0) {
                    ph += 1;
                }
                double disc = Math.exp(-Math.pow((ph - 0.05) / 0.05, 2)) + Math.exp(-Math.pow((ph - 1.05) / 0.05, 2));
                for (int i = i0; i <= i1; i++) {
                    double q = (fx(i) - a.mx) / w;
                    if (q * q >= 1) {
                        continue;
                    }
                    double v = a.bone * 0.9 * Math.sqrt(1 - q * q) * (1 - 0.45 * disc);
                    double pq = Math.pow((Math.abs(q) - 0.62) / 0.2, 2) + Math.pow((ph - 0.4) / 0.22, 2);
                    if (pq < 1 && pq > 0.35) {
                        v += a.bone * 0.25;
                    }
                    double sp = Math.pow(q / 0.12, 2) + Math.pow((ph - 0.7) / 0.2, 2);
                    if (sp < 1) {
                        v += a.bone * 0.3 * (1 - sp);
                    }
                    bones[j * m + i] += (float) v;
                }
            }
        }

        /** Label-free extras on the patient: humeri and ECG electrodes with their leads. */
        private void extras() {
            if (a.arms) {
                double torso = a.latD[0] / 2 + a.latD[1] / 2 + a.wall;
                double armC = torso + a.armGap + a.armHalf;
                for (int s = 0; s < 2; s++) {
                    double sg = s == 0 ? -1 : 1;
                    double top = a.shoulderY + 0.05;
                    Fields.stampMax(bones, m, px(a.mx + sg * (armC - 0.01)), px(top), 0.055 * n, a.bone * 1.3);
                    for (double y = top; y < 1.2; y += Math.max(0.5, 0.1 * a.armHalf * n) / n) {
                        Fields.stampMax(bones, m, px(a.mx + sg * armC), px(y), a.armHalf * 0.42 * n, a.bone * 1.3);
                    }
                }
            }
            if (rng.nextDouble() < 0.25) {
                flags.add("ecg");
                int count = 3 + rng.nextInt(3);
                for (int e = 0; e < count; e++) {
                    double ex = a.mx + Anatomy.u(rng, -0.38, 0.38);
                    double ey = Anatomy.u(rng, 0.15, 0.8);
                    double rr = Anatomy.u(rng, 0.011, 0.015);
                    ring(ex, ey, rr);
                    double tx = rng.nextBoolean() ? Anatomy.u(rng, -0.1, 1.1) : (rng.nextBoolean() ? -0.1 : 1.1);
                    double ty = tx < 0 || tx > 1 ? Anatomy.u(rng, 0.4, 1.1) : 1.12;
                    double cx = (ex + tx) / 2 + Anatomy.u(rng, -0.2, 0.2);
                    double cy = (ey + ty) / 2 + Anatomy.u(rng, -0.2, 0.2);
                    int steps = 3 * n;
                    for (int k = 0; k <= steps; k++) {
                        double p = (double) k / steps;
                        double x = (1 - p) * (1 - p) * ex + 2 * p * (1 - p) * cx + p * p * tx;
                        double y = (1 - p) * (1 - p) * ey + 2 * p * (1 - p) * cy + p * p * ty;
                        Fields.stampMax(bones, m, px(x), px(y), Math.max(0.6, 0.0022 * n), 0.22);
                    }
                }
            }
        }

        private void ring(double ex, double ey, double rr) {
            int c0 = (int) Math.floor(px(ex - rr));
            int c1 = (int) Math.ceil(px(ex + rr));
            int r0 = (int) Math.floor(px(ey - rr));
            int r1 = (int) Math.ceil(px(ey + rr));
            for (int j = Math.max(0, r0); j <= Math.min(m - 1, r1); j++) {
                for (int i = Math.max(0, c0); i <= Math.min(m - 1, c1); i++) {
                    double q = Math.hypot(fx(i) - ex, fx(j) - ey) / rr;
                    if ((q > 0.62 && q < 1) || q < 0.28) {
                        bones[j * m + i] += 0.4f;
                    }
                }
            }
        }

        /** COVID-19 opacities: soft, textured blobs, mostly peripheral and basal, usually in both lungs. */
        private float[] lesions() {
            Difficulty diff = spec.difficulty();
            float[] o = new float[m * m];
            double[] cum = {0.12, 0.32, 0.54, 0.74, 0.88, 1.0};
            double pick = rng.nextDouble();
            int count = 1;
            while (count < 6 && pick > cum[count - 1]) {
                count++;
            }
            boolean bilateral = count >= 2 && rng.nextDouble() < 0.85;
            int firstSide = rng.nextDouble() < 0.55 ? 0 : 1;
            float[] texture = Fields.valueNoise(rng, m, 18);
            for (int l = 0; l < count; l++) {
                int s = bilateral ? (firstSide + l) % 2 : firstSide;
                double[] at = place(s);
                double amp = diff.minOpacity + (diff.maxOpacity - diff.minOpacity) * Math.pow(rng.nextDouble(), 1.3);
                if (rng.nextDouble() < 0.15) {
                    amp = diff.maxOpacity * Anatomy.u(rng, 1.0, 1.35);
                }
                severity = Math.max(severity, Math.min(1, amp / a.air));
                double sv = Anatomy.u(rng, 0.035, 0.075) * diff.lesionScale;
                double sh = Anatomy.u(rng, 0.022, 0.045) * diff.lesionScale;
                int blobs = 1 + rng.nextInt(3);
                for (int b = 0; b < blobs; b++) {
                    double cx = at[0] + (b == 0 ? 0 : Anatomy.u(rng, -1, 1) * sh);
                    double cy = at[1] + (b == 0 ? 0 : Anatomy.u(rng, -1, 1) * sv);
                    double ba = b == 0 ? amp : amp * Anatomy.u(rng, 0.5, 0.9);
                    blob(o, texture, cx, cy, sh * (b == 0 ? 1 : 0.7), sv * (b == 0 ? 1 : 0.7), ba);
                }
                lesionCount++;
            }
            return o;
        }

        /** A lesion centre inside the visible lung of side s: peripheral and lower zone in most cases. */
        private double[] place(int s) {
            double sg = s == 0 ? -1 : 1;
            for (int tries = 0; tries < 40; tries++) {
                double t = rng.nextDouble() < 0.75 ? Anatomy.u(rng, 0.5, 0.97) : Anatomy.u(rng, 0.15, 0.95);
                double lat = a.lateral(s, t);
                double d = rng.nextDouble() < 0.8 ? lat - Anatomy.u(rng, 0.015, 0.08) : Anatomy.u(rng, a.medial(s, t), lat);
                double x = a.mx + sg * d;
                double y = a.apexY[s] + t * (a.baseY[s] - a.apexY[s]);
                int i = (int) Math.round(px(x));
                int j = (int) Math.round(px(y));
                if (i >= 0 && j >= 0 && i < m && j < m && lung[j * m + i] == 1) {
                    return new double[] {fx(i), fx(j)};
                }
            }
            // Fall back to any lung pixel of that side, found by a deterministic scan from a random start.
            int start = rng.nextInt(m * m);
            for (int k = 0; k < m * m; k++) {
                int p = (start + k) % (m * m);
                double x = fx(p % m);
                if (lung[p] == 1 && (x - a.mx) * sg > 0) {
                    return new double[] {x, fx(p / m)};
                }
            }
            throw new IllegalStateException("phantom has no lung on side " + s);
        }

        private void blob(float[] o, float[] texture, double cx, double cy, double sh, double sv, double amp) {
            int i0 = Math.max(0, (int) Math.floor(px(cx - 3 * sh)));
            int i1 = Math.min(m - 1, (int) Math.ceil(px(cx + 3 * sh)));
            int j0 = Math.max(0, (int) Math.floor(px(cy - 3 * sv)));
            int j1 = Math.min(m - 1, (int) Math.ceil(px(cy + 3 * sv)));
            for (int j = j0; j <= j1; j++) {
                double qy = (fx(j) - cy) / sv;
                for (int i = i0; i <= i1; i++) {
                    double qx = (fx(i) - cx) / sh;
                    double g = Math.exp(-0.5 * (qx * qx + qy * qy));
                    int k = j * m + i;
                    o[k] += (float) (amp * g * (1 + 0.4 * texture[k]));
                    if (g >= 0.35 && lung[k] == 1) {
                        lesion[k] = 1;
                    }
                }
            }
        }

        /** density − lung air + bones + vessels + opacities, with softened lung edges. */
        private void compose(float[] vessels, float[] opacity) {
            Fields.boxBlur(air, m, Math.max(1, Math.round(0.004f * n)), 2);
            float[] grain = Fields.valueNoise(rng, m, 40);
            double grainK = Anatomy.u(rng, 0.008, 0.02);
            Fields.boxBlur(vessels, m, Math.max(1, Math.round(0.0015f * n)), 1);
            for (int k = 0; k < density.length; k++) {
                double airK = a.air * air[k];
                double v = density[k] - airK + bones[k] * (0.25 + 0.75 * Math.min(1, air[k] * 1.4));
                if (air[k] > 0) {
                    v += air[k] * (a.vessels * vessels[k] + grainK * grain[k]);
                    if (opacity != null) {
                        v += Math.min(opacity[k] * air[k], airK);
                    }
                }
                density[k] = (float) v;
            }
        }

        /** Position (rotation, shift, scale), exposure (window, gamma, heel effect), markers, noise, blur. */
        private Phantom expose() {
            double rot = Math.toRadians(Anatomy.u(rng, -7, 7));
            double scale = Anatomy.u(rng, 0.92, 1.08);
            double tx = Anatomy.u(rng, -0.035, 0.035);
            double ty = Anatomy.u(rng, -0.035, 0.035);
            double lo = Anatomy.u(rng, -0.06, 0.12);
            double width = Anatomy.u(rng, 0.82, 1.12);
            double gamma = Anatomy.u(rng, 0.8, 1.25);
            double heelX = Anatomy.u(rng, -0.05, 0.05);
            double heelY = Anatomy.u(rng, -0.05, 0.05);
            double noise = Anatomy.u(rng, 0.006, 0.02) * spec.difficulty().noiseScale;
            double blurA = Anatomy.u(rng, 0.05, 0.25);

            // The gamma curve as a table: a pow per pixel costs more than the rest of the exposure.
            double[] curve = new double[GAMMA_STEPS + 1];
            for (int g = 0; g <= GAMMA_STEPS; g++) {
                curve[g] = Math.pow((double) g / GAMMA_STEPS, gamma);
            }
            float[] v = new float[n * n];
            byte[] lungOut = new byte[n * n];
            byte[] lesionOut = new byte[n * n];
            warp(Math.cos(-rot), Math.sin(-rot), scale, tx, ty, lo, width, heelX, heelY, curve, v, lungOut, lesionOut);
            if (rng.nextDouble() < 0.5) {
                flags.add("rl_marker");
                Markers.sideLetter(v, n, rng);
            }
            if (covid && spec.shortcut() == Shortcut.MARKER) {
                flags.add("shortcut_tag");
                Markers.sourceTag(v, n);
            }
            addNoise(v, noise);
            int passes = Math.max(1, Math.round(n / 512f));
            for (int p = 0; p < passes; p++) {
                smooth3(v, n, (float) blurA);
            }
            return phantom(quantise(v), lungOut, lesionOut);
        }

        /**
         * Quantum noise, near-Gaussian (Irwin-Hall sum of four uniforms from a xorshift stream): a library Gaussian
         * per pixel would cost more than drawing the whole body.
         */
        private void addNoise(float[] v, double noise) {
            long state = rng.nextLong() | 1;
            float unit = (float) (noise * Math.sqrt(3) / (1L << 31));
            for (int k = 0; k < v.length; k++) {
                state ^= state << 13;
                state ^= state >>> 7;
                state ^= state << 17;
                long a1 = state;
                state ^= state << 13;
                state ^= state >>> 7;
                state ^= state << 17;
                long sum = (a1 >> 32) + (int) a1 + (state >> 32) + (int) state;
                v[k] += unit * 0.5f * sum * (0.5f + v[k]);
            }
        }

        /** Exposure 0..1 to stored pixel values, clipped. */
        private int[] quantise(float[] v) {
            int max = spec.bits16() ? 65535 : 255;
            int[] pixels = new int[n * n];
            for (int k = 0; k < v.length; k++) {
                float e = v[k];
                pixels[k] = e <= 0 ? 0 : (e >= 1 ? max : Math.round(e * max));
            }
            return pixels;
        }

        /** The finished phantom with its lesion fraction and which sides the lesions are on. */
        private Phantom phantom(int[] pixels, byte[] lungOut, byte[] lesionOut) {
            int lungPx = 0;
            int lesionPx = 0;
            int[] sides = new int[2];
            for (int k = 0; k < lungOut.length; k++) {
                lungPx += lungOut[k];
                if (lesionOut[k] == 1) {
                    lesionPx++;
                }
            }
            for (int k = 0; k < lesion.length; k++) {
                if (lesion[k] == 1) {
                    sides[fx(k % m) < a.mx ? 0 : 1]++;
                }
            }
            double fraction = lungPx == 0 ? 0 : (double) lesionPx / lungPx;
            return new Phantom(n, spec.bitsStored(), pixels, lungOut, lesionOut, covid, seed, index,
                    severity, fraction, lesionCount, sides[0] > 0 && sides[1] > 0, a.ctr, flags);
        }

        /** Samples the upright frame through the inverse pose (bilinear for the image, nearest for the masks) and exposes it. */
        private void warp(double cos, double sin, double scale, double tx, double ty, double lo, double width,
                          double heelX, double heelY, double[] curve, float[] v, byte[] lungOut, byte[] lesionOut) {
            // Upright-frame pixel coordinates are affine in the output pixel, so step them incrementally.
            double step = 1.0 / n;
            double ci0 = n * (cos / scale);
            double cj0 = n * (sin / scale);
            double invW = 1 / width;
            double hi = m - 1.001;
            for (int y = 0; y < n; y++) {
                double py = (y + 0.5) * step - 0.5 - ty;
                double p0 = 0.5 * step - 0.5 - tx;
                double ci = px((cos * p0 - sin * py) / scale + 0.5);
                double cj = px((sin * p0 + cos * py) / scale + 0.5);
                double dci = ci0 * step;
                double dcj = cj0 * step;
                double e0 = -lo * invW + heelY * py + heelX * p0;
                double de = heelX * step;
                int o = y * n;
                for (int x = 0; x < n; x++, o++, ci += dci, cj += dcj, e0 += de) {
                    double cc = ci < 0 ? 0 : (ci > hi ? hi : ci);
                    double cr = cj < 0 ? 0 : (cj > hi ? hi : cj);
                    int i = (int) cc;
                    int j = (int) cr;
                    double fi = cc - i;
                    double fj = cr - j;
                    int k = j * m + i;
                    float d00 = density[k];
                    float d01 = density[k + 1];
                    float d10 = density[k + m];
                    float d11 = density[k + m + 1];
                    double top = d00 + (d01 - d00) * fi;
                    double bot = d10 + (d11 - d10) * fi;
                    double d = top + (bot - top) * fj;
                    int nk = (int) (cr + 0.5) * m + (int) (cc + 0.5);
                    lungOut[o] = lung[nk];
                    lesionOut[o] = lesion[nk];
                    double e = d * invW + e0;
                    if (e <= 0) {
                        e = 0;
                    } else if (e >= 1) {
                        e = 1;
                    } else {
                        double f = e * GAMMA_STEPS;
                        int g = (int) f;
                        e = curve[g] + (curve[g + 1] - curve[g]) * (f - g);
                    }
                    v[o] = (float) e;
                }
            }
        }

        /** One pass of the separable kernel [a, 1-2a, a]: the detector's blur. */
        private static void smooth3(float[] v, int n, float w) {
            float c = 1 - 2 * w;
            float[] row = new float[n];
            for (int y = 0; y < n; y++) {
                int o = y * n;
                System.arraycopy(v, o, row, 0, n);
                for (int x = 1; x < n - 1; x++) {
                    v[o + x] = c * row[x] + w * (row[x - 1] + row[x + 1]);
                }
            }
            float[] prev = new float[n];
            float[] cur = new float[n];
            System.arraycopy(v, 0, prev, 0, n);
            for (int y = 1; y < n - 1; y++) {
                System.arraycopy(v, y * n, cur, 0, n);
                int o = y * n;
                for (int x = 0; x < n; x++) {
                    v[o + x] = c * cur[x] + w * (prev[x] + v[o + n + x]);
                }
                float[] t = prev;
                prev = cur;
                cur = t;
            }
        }
    }
}
