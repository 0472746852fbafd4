package io.lunglens.ui;

import io.lunglens.gate.FrontalCheck;
import io.lunglens.gate.GateResult;
import io.lunglens.imaging.LungFields;
import io.lunglens.imaging.XrayImage;
import io.lunglens.model.Architecture;
import io.lunglens.model.EvidenceMethod;
import io.lunglens.model.ModelCard;
import io.lunglens.task.Progress;
import io.lunglens.training.ShortcutCheck;
import java.util.List;

/**
 * A real but trivial explainer for UI tests before the model package lands: the "COVID" probability grows
 * with the mean brightness of the central field (opacities brighten lungs), and the map is the block-averaged
 * brightness. It is computed from the pixels, so each image gets its own verdict and map.
 */
final class IntensityExplainer implements Explainer {

    static final int GRID = 16;

    /** A phantom-trained card, so the viewer shows the synthetic badge; no weights behind it. */
    private static final ModelCard CARD = ModelCard.draft("intensity-test", Architecture.TINY, 64, true)
            .withClasses(List.of("normal", "covid"), "covid");

    @Override
    public ModelCard card() {
        return CARD;
    }

    @Override
    public String name() {
        return "intensity-test";
    }

    @Override
    public Explained explain(XrayImage img, int camClass) {
        long t0 = System.nanoTime();
        int[] r = img.range();
        double span = Math.max(1, r[1] - r[0]);
        int w = img.width();
        int h = img.height();
        double sum = 0;
        long n = 0;
        for (int y = h / 4; y < 3 * h / 4; y++) {
            for (int x = w / 4; x < 3 * w / 4; x++) {
                sum += (img.get(x, y) - r[0]) / span;
                n++;
            }
        }
        double mean = sum / n;
        double p = 1 / (1 + Math.exp(-12 * (mean - 0.5)));
        float[] cam = new float[GRID * GRID];
        float lo = Float.MAX_VALUE;
        float hi = -Float.MAX_VALUE;
        for (int gy = 0; gy < GRID; gy++) {
            for (int gx = 0; gx < GRID; gx++) {
                double s = 0;
                int c = 0;
                for (int y = gy * h / GRID; y < (gy + 1) * h / GRID; y++) {
                    for (int x = gx * w / GRID; x < (gx + 1) * w / GRID; x++) {
                        s += img.get(x, y);
                        c++;
                    }
                }
                float v = (float) (s / Math.max(1, c));
                cam[gy * GRID + gx] = camClass == 1 ? v : -v;
                lo = Math.min(lo, cam[gy * GRID + gx]);
                hi = Math.max(hi, cam[gy * GRID + gx]);
            }
        }
        for (int i = 0; i < cam.length; i++) {
            cam[i] = hi > lo ? (cam[i] - lo) / (hi - lo) : 0;
        }
        String label = p >= 0.5 ? "covid" : "normal";
        return new Explained(label, new double[] {1 - p, p}, p, (System.nanoTime() - t0) / 1_000_000, cam, GRID, GRID,
                camClass, gate(img));
    }

    /** Its map is already brightness per block, which is also what hiding a block would change. */
    @Override
    public EvidenceCheck shortcutCheck(XrayImage img, int camClass, EvidenceMethod method, Progress progress) {
        Explained map = explain(img, camClass);
        return new EvidenceCheck(map, method, LungFields.shareInside(img, map.cam(), map.camWidth(), map.camHeight()),
                ShortcutCheck.warning(method, img, map.cam(), map.camWidth(), map.camHeight()));
    }

    /** The real frontal check; this stand-in model has no description of its training data. */
    private static GateResult gate(XrayImage img) {
        FrontalCheck.Result f = FrontalCheck.standard().check(img);
        return new GateResult(f.frontal(), f.score(), true, Double.NaN,
                f.frontal() ? "A frontal chest X-ray." : "This does not look like a frontal chest X-ray.");
    }
}
