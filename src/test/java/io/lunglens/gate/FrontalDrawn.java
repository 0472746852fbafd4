package io.lunglens.gate;

import io.lunglens.synth.PhantomGenerator;
import io.lunglens.synth.PhantomSpec;
import io.lunglens.imaging.XrayImage;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/**
 * Negatives drawn with Java2D, the same for the same seed: application windows (menus, lists, tables, forms,
 * charts, often with a chest-film-like picture inside, as a screenshot of LungLens' own viewer would have), text
 * pages and terminals, and noise, gradients and shapes.
 */
final class FrontalDrawn {

    enum Kind {
        UI("drawn application screenshots (Java2D)"),
        TEXT("rendered text pages and terminals (Java2D)"),
        NOISE("noise, gradients and shapes (generated)");

        final String source;

        Kind(String source) {
            this.source = source;
        }
    }

    private static final String[] WORDS = ("model scan folder image patient verdict COVID normal threshold train "
            + "epoch loss accuracy settings open save export window level zoom file edit view help report evidence "
            + "the of and to in is that for it as with was on be by at this from are have or").split(" ");
    private static final int[][] SIZES = {{1280, 800}, {1440, 900}, {1024, 768}, {800, 600}, {1920, 1080},
        {900, 1200}, {1366, 768}, {640, 480}};

    private FrontalDrawn() {
    }

    static BufferedImage draw(Kind kind, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        return switch (kind) {
            case UI -> ui(r, seed);
            case TEXT -> text(r);
            case NOISE -> noise(r);
        };
    }

    private static BufferedImage ui(SplittableRandom r, long seed) {
        int[] wh = SIZES[r.nextInt(SIZES.length)];
        int w = wh[0];
        int h = wh[1];
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = graphics(img);
        boolean dark = r.nextBoolean();
        Color bg = dark ? grey(r, 25, 60) : grey(r, 220, 250);
        Color fg = dark ? grey(r, 200, 240) : grey(r, 10, 60);
        Color accent = new Color(r.nextInt(256), r.nextInt(256), r.nextInt(256));
        g.setColor(bg);
        g.fillRect(0, 0, w, h);
        int bar = 24 + r.nextInt(36);
        g.setColor(dark ? grey(r, 40, 80) : grey(r, 190, 230));
        g.fillRect(0, 0, w, bar);
        g.setColor(fg);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11 + r.nextInt(6)));
        for (int x = 10; x < w - 80; x += 60 + r.nextInt(40)) {
            g.drawString(word(r), x, bar * 2 / 3);
        }
        int side = r.nextInt(3) == 0 ? 0 : (int) (w * (0.12 + 0.2 * r.nextDouble()));
        if (side > 0) {
            g.setColor(dark ? grey(r, 30, 70) : grey(r, 200, 240));
            g.fillRect(0, bar, side, h - bar);
            g.setColor(fg);
            for (int y = bar + 24; y < h - 10; y += 20 + r.nextInt(12)) {
                g.drawString(phrase(r, 1 + r.nextInt(3)), 12, y);
            }
        }
        int x0 = side + 12;
        int y0 = bar + 12;
        int mw = w - x0 - 12;
        int mh = h - y0 - 40;
        switch (r.nextInt(4)) {
            case 0 -> picture(g, r, seed, x0, y0, mw, mh, bg, fg);
            case 1 -> table(g, r, x0, y0, mw, mh, fg, accent, dark);
            case 2 -> form(g, r, x0, y0, mw, mh, fg, accent, dark);
            default -> chart(g, r, x0, y0, mw, mh, fg, accent);
        }
        g.setColor(dark ? grey(r, 40, 80) : grey(r, 190, 230));
        g.fillRect(0, h - 24, w, 24);
        g.setColor(fg);
        g.drawString(phrase(r, 6), 8, h - 8);
        g.dispose();
        return img;
    }

    /** A viewer-like panel: a phantom film or a soft blob picture, with a side panel of text. */
    private static void picture(Graphics2D g, SplittableRandom r, long seed, int x, int y, int w, int h, Color bg,
            Color fg) {
        int side = Math.min(w, h) * (50 + r.nextInt(45)) / 100;
        BufferedImage pic = r.nextInt(3) > 0 ? phantom(seed) : blobs(r, 256);
        g.setColor(Color.BLACK);
        g.fillRect(x, y, w * 2 / 3, h);
        g.drawImage(pic, x + (w * 2 / 3 - side) / 2, y + (h - side) / 2, side, side, null);
        g.setColor(fg);
        int tx = x + w * 2 / 3 + 12;
        for (int ty = y + 20; ty < y + h; ty += 22) {
            g.drawString(phrase(r, 2 + r.nextInt(3)), tx, ty);
        }
        g.setColor(new Color(r.nextInt(256), r.nextInt(256), r.nextInt(256)));
        g.fillRoundRect(tx, y + h - 40, 120, 28, 8, 8);
    }

    private static BufferedImage phantom(long seed) {
        XrayImage x = PhantomGenerator.generate(PhantomSpec.standard(256), (seed & 1) == 1, seed, 0).toXrayImage();
        BufferedImage img = new BufferedImage(x.width(), x.height(), BufferedImage.TYPE_INT_RGB);
        int max = (1 << x.bitsStored()) - 1;
        for (int yy = 0; yy < x.height(); yy++) {
            for (int xx = 0; xx < x.width(); xx++) {
                int v = x.get(xx, yy) * 255 / max;
                img.setRGB(xx, yy, (v << 16) | (v << 8) | v);
            }
        }
        return img;
    }

    private static void table(Graphics2D g, SplittableRandom r, int x, int y, int w, int h, Color fg, Color accent,
            boolean dark) {
        int cols = 3 + r.nextInt(5);
        int row = 20 + r.nextInt(10);
        g.setColor(accent);
        g.fillRect(x, y, w, row);
        for (int i = 1; y + (i + 1) * row < y + h; i++) {
            if (i % 2 == 0) {
                g.setColor(dark ? new Color(50, 50, 55) : new Color(236, 238, 242));
                g.fillRect(x, y + i * row, w, row);
            }
            g.setColor(fg);
            for (int c = 0; c < cols; c++) {
                g.drawString(c == 0 ? word(r) + ".png" : String.format("%.3f", r.nextDouble()),
                        x + 6 + c * w / cols, y + (i + 1) * row - 6);
            }
        }
    }

    private static void form(Graphics2D g, SplittableRandom r, int x, int y, int w, int h, Color fg, Color accent,
            boolean dark) {
        for (int yy = y + 10; yy < y + h - 40; yy += 44 + r.nextInt(20)) {
            g.setColor(fg);
            g.drawString(phrase(r, 2) + ":", x + 10, yy + 18);
            g.setColor(dark ? new Color(20, 20, 24) : Color.WHITE);
            g.fillRect(x + 200, yy, Math.max(40, w / 2), 26);
            g.setColor(fg);
            g.drawRect(x + 200, yy, Math.max(40, w / 2), 26);
        }
        g.setColor(accent);
        g.fillRoundRect(x + w - 160, y + h - 36, 140, 30, 10, 10);
    }

    private static void chart(Graphics2D g, SplittableRandom r, int x, int y, int w, int h, Color fg, Color accent) {
        g.setColor(fg);
        g.drawLine(x + 40, y + h - 30, x + w - 10, y + h - 30);
        g.drawLine(x + 40, y + 10, x + 40, y + h - 30);
        g.setStroke(new BasicStroke(2));
        for (int s = 0; s < 1 + r.nextInt(3); s++) {
            g.setColor(s == 0 ? accent : new Color(r.nextInt(256), r.nextInt(256), r.nextInt(256)));
            double v = r.nextDouble();
            int px = x + 40;
            int py = y + 10 + (int) ((h - 40) * v);
            for (int i = 1; i <= 30; i++) {
                v = Math.max(0, Math.min(1, v + (r.nextDouble() - 0.55) * 0.15));
                int nx = x + 40 + i * (w - 50) / 30;
                int ny = y + 10 + (int) ((h - 40) * v);
                g.drawLine(px, py, nx, ny);
                px = nx;
                py = ny;
            }
        }
    }

    private static BufferedImage text(SplittableRandom r) {
        boolean terminal = r.nextBoolean();
        int w = terminal ? 720 + r.nextInt(600) : 850;
        int h = terminal ? 400 + r.nextInt(500) : 1100;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = graphics(img);
        g.setColor(terminal ? grey(r, 0, 40) : grey(r, 235, 255));
        g.fillRect(0, 0, w, h);
        g.setColor(terminal ? new Color(150 + r.nextInt(100), 150 + r.nextInt(100), 150 + r.nextInt(100))
                : grey(r, 0, 50));
        int size = 10 + r.nextInt(9);
        g.setFont(new Font(terminal ? Font.MONOSPACED : (r.nextBoolean() ? Font.SERIF : Font.SANS_SERIF),
                Font.PLAIN, size));
        int margin = terminal ? 6 : 60 + r.nextInt(40);
        for (int y = margin + size; y < h - margin; y += size + 4 + r.nextInt(4)) {
            if (!terminal && r.nextInt(12) == 0) {
                y += size;
                continue;
            }
            g.drawString(phrase(r, 3 + r.nextInt(12)), margin, y);
        }
        g.dispose();
        return img;
    }

    private static BufferedImage noise(SplittableRandom r) {
        int w = 200 + r.nextInt(800);
        int h = 200 + r.nextInt(800);
        BufferedImage img;
        switch (r.nextInt(4)) {
            case 0 -> {
                img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int v = r.nextInt(256);
                        img.setRGB(x, y, (v << 16) | (v << 8) | v);
                    }
                }
            }
            case 1 -> img = blobs(r, Math.max(w, h));
            case 2 -> {
                img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
                double ax = r.nextDouble() - 0.5;
                double ay = r.nextDouble() - 0.5;
                boolean radial = r.nextBoolean();
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        double u = radial ? Math.hypot(x - w / 2.0, y - h / 2.0) / Math.hypot(w, h) * 2
                                : (ax * x / w + ay * y / h + 1) / 2;
                        int v = (int) (255 * Math.max(0, Math.min(1, u)));
                        img.setRGB(x, y, (v << 16) | (v << 8) | v);
                    }
                }
            }
            default -> {
                img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = graphics(img);
                g.setColor(grey(r, 0, 255));
                g.fillRect(0, 0, w, h);
                for (int i = 0; i < 5 + r.nextInt(40); i++) {
                    g.setColor(new Color(r.nextInt(256), r.nextInt(256), r.nextInt(256)));
                    int sw = 10 + r.nextInt(w / 2);
                    int sh = 10 + r.nextInt(h / 2);
                    if (r.nextBoolean()) {
                        g.fillOval(r.nextInt(w), r.nextInt(h), sw, sh);
                    } else {
                        g.fillRect(r.nextInt(w), r.nextInt(h), sw, sh);
                    }
                }
                g.dispose();
            }
        }
        return img;
    }

    /** Smooth random field: a coarse random grid, bilinearly enlarged. */
    private static BufferedImage blobs(SplittableRandom r, int size) {
        int n = 3 + r.nextInt(8);
        double[] grid = new double[n * n];
        for (int i = 0; i < grid.length; i++) {
            grid[i] = r.nextDouble();
        }
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double gx = (double) x / size * (n - 1);
                double gy = (double) y / size * (n - 1);
                int ix = (int) gx;
                int iy = (int) gy;
                double fx = gx - ix;
                double fy = gy - iy;
                double v = grid[iy * n + ix] * (1 - fx) * (1 - fy) + grid[iy * n + ix + 1] * fx * (1 - fy)
                        + grid[(iy + 1) * n + ix] * (1 - fx) * fy + grid[(iy + 1) * n + ix + 1] * fx * fy;
                int c = (int) (255 * v);
                img.setRGB(x, y, (c << 16) | (c << 8) | c);
            }
        }
        return img;
    }

    private static Graphics2D graphics(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        return g;
    }

    private static Color grey(SplittableRandom r, int lo, int hi) {
        int v = lo + r.nextInt(hi - lo + 1);
        return new Color(v, v, v);
    }

    private static String word(SplittableRandom r) {
        return WORDS[r.nextInt(WORDS.length)];
    }

    private static String phrase(SplittableRandom r, int n) {
        StringBuilder b = new StringBuilder(word(r));
        for (int i = 1; i < n; i++) {
            b.append(' ').append(word(r));
        }
        return b.toString();
    }
}
