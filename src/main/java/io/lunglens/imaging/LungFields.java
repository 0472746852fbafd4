package io.lunglens.imaging;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * A classical lung-field segmentation for frontal chest radiographs, used by the shortcut check when a data set
 * ships no lung masks. Steps, at 256×256:
 * <ol>
 *   <li>map to [0,1] by the model's rule (dense = bright) and smooth with a 5×5 box;</li>
 *   <li>find the body: what the border cannot reach through air (values below 0.15), less a 5-pixel rim;</li>
 *   <li>threshold the body at the lower of two three-class Otsu levels: lungs are darker than soft tissue and
 *       bone, where a two-class split would lump lungs and soft tissue together;</li>
 *   <li>close with a 3-pixel square to bridge rib shadows, then open with a 6-pixel square to cut thin links
 *       such as the trachea;</li>
 *   <li>drop dark regions that touch the image border (air around the patient);</li>
 *   <li>keep the two largest remaining regions that do not touch the border, are at least 8% of the image wide
 *       and cover at least 1.5% of it (the two lungs);</li>
 *   <li>close with a 7-pixel square radius and fill holes, so vessels and opacities inside a lung stay lung.</li>
 * </ol>
 * It is a rough map for weighing a model's evidence, not a clinical segmentation.
 */
public final class LungFields {

    public static final int SIZE = 256;
    /** Values below this, reached from the border, are air outside the patient. */
    static final float AIR = 0.15f;

    /** Below this share of the image, a lung mask (ours or a data set's) holds no usable lungs. */
    public static final double MIN_AREA = 0.05;

    private LungFields() {
    }

    /**
     * Share of an evidence map inside this image's segmented lung fields: NaN when no lungs are found or the map
     * is all zero.
     */
    public static double shareInside(XrayImage image, float[] map, int mapWidth, int mapHeight) {
        LungMask lungs = segment(image);
        return lungs.area() < MIN_AREA ? Double.NaN : lungs.share(map, mapWidth, mapHeight);
    }

    public static LungMask segment(XrayImage image) {
        float[] g = ModelInput.resample(ModelInput.toUnit(image), image.width(), image.height(), SIZE, SIZE);
        g = Filters.boxBlur(g, SIZE, SIZE, 2);
        // Air around the patient is near black; what it does not reach from the border is the body, less a rim.
        boolean[] air = new boolean[g.length];
        for (int i = 0; i < g.length; i++) {
            air[i] = g[i] < AIR;
        }
        boolean[] body = erode(fillHoles(invert(touchingBorder(air, SIZE)), SIZE), SIZE, 5);
        float t = otsu(g, body);
        boolean[] dark = new boolean[g.length];
        for (int i = 0; i < g.length; i++) {
            dark[i] = body[i] && g[i] < t;
        }
        // Closing bridges the rib shadows that cut a lung into bands; opening then cuts thin links (trachea).
        dark = erode(dilate(dark, SIZE, 3), SIZE, 3);
        dark = dilate(erode(dark, SIZE, 6), SIZE, 6);
        int[] labels = new int[g.length];
        int[] sizes = label(dark, labels, SIZE);
        boolean[] border = borderLabels(labels, sizes.length, SIZE);
        // A lung is wide; a tall thin dark strip is a cable, a collimator edge or the gap beside an arm.
        int[] minX = new int[sizes.length];
        int[] maxX = new int[sizes.length];
        Arrays.fill(minX, SIZE);
        for (int i = 0; i < labels.length; i++) {
            minX[labels[i]] = Math.min(minX[labels[i]], i % SIZE);
            maxX[labels[i]] = Math.max(maxX[labels[i]], i % SIZE);
        }
        for (int l = 1; l < sizes.length; l++) {
            border[l] |= maxX[l] - minX[l] < SIZE * 0.08;
        }
        int first = 0;
        int second = 0;
        for (int l = 1; l < sizes.length; l++) {
            if (border[l] || sizes[l] < 0.015 * g.length) {
                continue;
            }
            if (sizes[l] > sizes[first]) {
                second = first;
                first = l;
            } else if (sizes[l] > sizes[second]) {
                second = l;
            }
        }
        boolean[] lungs = new boolean[g.length];
        for (int i = 0; i < g.length; i++) {
            lungs[i] = labels[i] != 0 && (labels[i] == first || labels[i] == second);
        }
        lungs = fillHoles(erode(dilate(lungs, SIZE, 7), SIZE, 7), SIZE);
        return new LungMask(SIZE, SIZE, lungs);
    }

    /**
     * The lower of two three-class Otsu thresholds over the body's pixels: it separates the lungs from soft tissue,
     * where a two-class split would lump them together.
     */
    static float otsu(float[] g, boolean[] include) {
        double[] hist = new double[64];
        double total = 0;
        for (int i = 0; i < g.length; i++) {
            if (include[i]) {
                hist[Math.min(63, (int) (g[i] * 64))]++;
                total++;
            }
        }
        if (total == 0) {
            return 0;
        }
        double[] w = new double[65];
        double[] m = new double[65];
        for (int i = 0; i < 64; i++) {
            w[i + 1] = w[i] + hist[i] / total;
            m[i + 1] = m[i] + i * hist[i] / total;
        }
        double best = -1;
        int bestT = 32;
        for (int t1 = 1; t1 < 63; t1++) {
            for (int t2 = t1 + 1; t2 < 64; t2++) {
                double between = part(w, m, 0, t1) + part(w, m, t1, t2) + part(w, m, t2, 64);
                if (between > best) {
                    best = between;
                    bestT = t1;
                }
            }
        }
        return bestT / 64f;
    }

    /** w·mean² of the histogram bins [a, b), the class's share of the between-class variance. */
    private static double part(double[] w, double[] m, int a, int b) {
        double wc = w[b] - w[a];
        if (wc <= 0) {
            return 0;
        }
        double mc = (m[b] - m[a]) / wc;
        return wc * mc * mc;
    }

    /** 4-connected components of the true pixels; labels from 1, 0 for background. Returns sizes by label. */
    static int[] label(boolean[] fg, int[] labels, int n) {
        Arrays.fill(labels, 0);
        int[] sizes = new int[16];
        int next = 1;
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int start = 0; start < fg.length; start++) {
            if (!fg[start] || labels[start] != 0) continue;
            if (next == sizes.length) sizes = Arrays.copyOf(sizes, sizes.length * 2);
            labels[start] = next;
            queue.add(start);
            int count = 0;
            while (!queue.isEmpty()) {
                int p = queue.poll();
                count++;
                int x = p % n;
                int y = p / n;
                if (x > 0) visit(fg, labels, queue, p - 1, next);
                if (x < n - 1) visit(fg, labels, queue, p + 1, next);
                if (y > 0) visit(fg, labels, queue, p - n, next);
                if (y < n - 1) visit(fg, labels, queue, p + n, next);
            }
            sizes[next++] = count;
        }
        return Arrays.copyOf(sizes, next);
    }

    private static void visit(boolean[] fg, int[] labels, ArrayDeque<Integer> queue, int q, int label) {
        if (fg[q] && labels[q] == 0) {
            labels[q] = label;
            queue.add(q);
        }
    }

    /** The true pixels of m that are connected to the image border. */
    private static boolean[] touchingBorder(boolean[] m, int n) {
        int[] labels = new int[m.length];
        int[] sizes = label(m, labels, n);
        boolean[] border = borderLabels(labels, sizes.length, n);
        border[0] = false;
        boolean[] out = new boolean[m.length];
        for (int i = 0; i < m.length; i++) {
            out[i] = border[labels[i]];
        }
        return out;
    }

    /** Which component labels reach the image border. */
    private static boolean[] borderLabels(int[] labels, int count, int n) {
        boolean[] border = new boolean[count];
        for (int i = 0; i < n; i++) {
            border[labels[i]] = true;
            border[labels[(n - 1) * n + i]] = true;
            border[labels[i * n]] = true;
            border[labels[i * n + n - 1]] = true;
        }
        return border;
    }

    private static boolean[] invert(boolean[] m) {
        boolean[] out = new boolean[m.length];
        for (int i = 0; i < m.length; i++) {
            out[i] = !m[i];
        }
        return out;
    }

    private static boolean[] dilate(boolean[] m, int n, int r) {
        return morph(m, n, r, true);
    }

    private static boolean[] erode(boolean[] m, int n, int r) {
        return morph(m, n, r, false);
    }

    /**
     * Square dilation (any) or erosion (all) of side 2r+1, as two one-dimensional passes over running counts, so the
     * cost does not grow with r. Pixels outside the image count as background.
     */
    private static boolean[] morph(boolean[] m, int n, int r, boolean any) {
        return pass(pass(m, n, r, any, true), n, r, any, false);
    }

    private static boolean[] pass(boolean[] m, int n, int r, boolean any, boolean rows) {
        boolean[] out = new boolean[m.length];
        int full = 2 * r + 1;
        for (int line = 0; line < n; line++) {
            int count = 0;
            // Window [i - r, i + r]; count of true pixels inside the image part of it.
            for (int k = 0; k < Math.min(r, n); k++) {
                count += m[index(line, k, n, rows)] ? 1 : 0;
            }
            for (int i = 0; i < n; i++) {
                int add = i + r;
                if (add < n && m[index(line, add, n, rows)]) {
                    count++;
                }
                int drop = i - r - 1;
                if (drop >= 0 && m[index(line, drop, n, rows)]) {
                    count--;
                }
                out[index(line, i, n, rows)] = any ? count > 0 : count == full;
            }
        }
        return out;
    }

    private static int index(int line, int i, int n, boolean rows) {
        return rows ? line * n + i : i * n + line;
    }

    private static boolean[] fillHoles(boolean[] m, int n) {
        boolean[] bg = new boolean[m.length];
        for (int i = 0; i < m.length; i++) bg[i] = !m[i];
        int[] labels = new int[m.length];
        int[] sizes = label(bg, labels, n);
        boolean[] outside = borderLabels(labels, sizes.length, n);
        boolean[] out = m.clone();
        for (int i = 0; i < m.length; i++) {
            if (!m[i] && !outside[labels[i]]) out[i] = true;
        }
        return out;
    }
}
