package io.lunglens.training;

import io.lunglens.imaging.ImageLoadException;
import io.lunglens.imaging.ImageLoader;
import io.lunglens.imaging.XrayImage;
import io.lunglens.model.Classifier;
import io.lunglens.model.EvidenceMethod;
import io.lunglens.task.Progress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The shortcut check shown, not only counted: for each predicted class, the evidence maps of the images the model
 * was most sure of, made by the evaluation's own check method. Where a shortcut exists it shows there first
 * (DeGrave et al., 2021).
 */
public final class ShortcutExamples {

    /**
     * One image with its shortcut-check map for the predicted class.
     *
     * @param row          the image's evaluation row
     * @param image        the decoded image
     * @param map          evidence map over the whole image, width×height of the image, values in [0,1]
     * @param shareInLungs share of the map inside the segmented lung fields, NaN when none were found
     */
    public record Example(Evaluation.Row row, XrayImage image, float[] map, double shareInLungs) {
    }

    private ShortcutExamples() {
    }

    /**
     * Up to perClass examples for each predicted class, most confident first; unreadable files are passed over.
     * The maps are made by the evaluation's check method (the fast one for an evaluation that made none).
     */
    public static List<Example> of(Classifier c, Evaluation e, int perClass, Progress progress) {
        EvidenceMethod method = e.checkMethod() != null ? e.checkMethod() : EvidenceMethod.FAST;
        List<Example> out = new ArrayList<>();
        for (String cls : e.classes()) {
            List<Evaluation.Row> called = e.rows().stream().filter(r -> r.predicted().equals(cls))
                    .sorted(Comparator.comparingDouble(e::confidence).reversed()).toList();
            int taken = 0;
            for (int i = 0; i < called.size() && taken < perClass; i++) {
                progress.checkCancelled();
                progress.update(out.size(), (long) perClass * e.classes().size(), method.label() + " maps for the report");
                Evaluation.Row r = called.get(i);
                try {
                    XrayImage img = ImageLoader.load(r.file());
                    ShortcutCheck m = ShortcutCheck.run(c, img, e.classes().indexOf(cls), method, progress.silent());
                    out.add(new Example(r, img, m.map().cam(), m.shareInLungs()));
                    taken++;
                } catch (ImageLoadException changed) {
                    // Scored a moment ago; a file that no longer reads is simply not shown.
                }
            }
        }
        return out;
    }
}
