package io.lunglens.ui.viewer;

/** Colour scales for the evidence overlay; low attention is transparent so the anatomy stays readable. */
public enum Colormap {
    JET("Jet", new int[][] {{0, 0, 128}, {0, 0, 255}, {0, 255, 255}, {255, 255, 0}, {255, 0, 0}, {128, 0, 0}}),
    INFERNO("Inferno", new int[][] {{0, 0, 4}, {40, 11, 84}, {101, 21, 110}, {159, 42, 99}, {212, 72, 66},
            {245, 125, 21}, {250, 193, 39}, {252, 255, 164}}),
    GRAY("Gray", new int[][] {{0, 0, 0}, {255, 255, 255}});

    private final String label;
    private final int[][] stops;
    /** 256 precomputed colours: a full-size map is one table read per pixel. */
    private final int[] lut = new int[256];

    Colormap(String label, int[][] stops) {
        this.label = label;
        this.stops = stops;
        for (int i = 0; i < lut.length; i++) {
            lut[i] = argb(i / 255f);
        }
    }

    /** Non-premultiplied ARGB for a value in [0, 1]; alpha rises with the value, NaN counts as 0. */
    public int argb(float v) {
        float t = Float.isNaN(v) ? 0 : Math.max(0, Math.min(1, v));
        float pos = t * (stops.length - 1);
        int i = Math.min(stops.length - 2, (int) pos);
        float f = pos - i;
        int r = Math.round(stops[i][0] + f * (stops[i + 1][0] - stops[i][0]));
        int g = Math.round(stops[i][1] + f * (stops[i + 1][1] - stops[i][1]));
        int b = Math.round(stops[i][2] + f * (stops[i + 1][2] - stops[i][2]));
        int a = Math.round(255 * Math.min(1f, 2 * t));
        return a << 24 | r << 16 | g << 8 | b;
    }

    /** The whole map as ARGB pixels, values quantised to 256 steps. */
    public int[] render(float[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            float v = values[i];
            out[i] = lut[v > 0 ? Math.min(255, (int) (v * 255 + 0.5f)) : 0];
        }
        return out;
    }

    @Override
    public String toString() {
        return label;
    }
}
