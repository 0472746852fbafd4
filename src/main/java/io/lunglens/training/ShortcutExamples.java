package io.lunglens.training;

import io.lunglens.imaging.ImageLoadException;
import io.lunglens.imaging.ImageLoader;
import io.lunglens.imaging.LungFields;
import io.lunglens.imaging.XrayImage;
import io.lunglens.model.Classifier;
import io.lunglens.model.Explanation;
import io.lunglens.model.Occlusion;
import io.lunglens.task.Progress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The shortcut check shown, not only counted: for each predicted class, the occlusion maps of the images the model
 * was most sure of. Where a shortcut exists it shows there first (DeGrave et al., 2021).
 */
public final class ShortcutExamples {

    /**
     * One image with its occlusion map for the predicted class.
     *
     * @param row          the image's evaluation row
     * @param image        the decoded image
     * @param map          occlusion map over the whole image, width×height of the image, values in [0,1]
     * @param shareInLungs share of the map inside the segmented lung fields, NaN when none were found
     */
    public record Example(Evaluation.Row row, XrayImage image, float[] map, double shareInLungs) {
    }

    private ShortcutExamples() {
    }

    /** Up to perClass examples for each predicted class, most confident first; unreadable files are passed over. */
    public static List<Example> of(Classifier c, Evaluation e, int perClass, Progress progress) {
        List<Example> out = new ArrayList<>();
        for (String cls : e.classes()) {
            List<Evaluation.Row> called = e.rows().stream().filter(r -> r.predicted().equals(cls))
                    .sorted(Comparator.comparingDouble(e::confidence).reversed()).toList();
            int taken = 0;
            for (int i = 0; i < called.size() && taken < perClass; i++) {
                progress.checkCancelled();
                progress.update(out.size(), (long) perClass * e.classes().size(), "occlusion maps for the report");
                Evaluation.Row r = called.get(i);
                try {
                    XrayImage img = ImageLoader.load(r.file());
                    Explanation m = Occlusion.explain(c, img, e.classes().indexOf(cls));
                    out.add(new Example(r, img, m.cam(), LungFields.shareInside(img, m.cam(), m.width(), m.height())));
                    taken++;
                } catch (ImageLoadException changed) {
                    // Scored a moment ago; a file that no longer reads is simply not shown.
                }
            }
        }
        return out;
    }
}
