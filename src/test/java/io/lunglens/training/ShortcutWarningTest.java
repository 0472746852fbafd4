package io.lunglens.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunglens.imaging.ImageLoader;
import io.lunglens.imaging.LungFields;
import io.lunglens.imaging.LungMask;
import io.lunglens.imaging.XrayImage;
import io.lunglens.model.EvidenceMethod;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The per-image shortcut warning on a real radiograph: evidence on the lungs passes, evidence elsewhere warns. */
class ShortcutWarningTest {

    @Test
    void evidenceOutsideTheLungsWarnsAndInsideDoesNot() throws Exception {
        XrayImage img = ImageLoader.load(Path.of("assets/samples/normal/nih_00001280_004.png"));
        LungMask lungs = LungFields.segment(img);
        assertTrue(lungs.area() > LungFields.MIN_AREA, "segmentation found lungs on a real sample");
        float[] onLungs = new float[lungs.width() * lungs.height()];
        float[] corner = new float[onLungs.length];
        for (int i = 0; i < onLungs.length; i++) {
            onLungs[i] = lungs.inside()[i] ? 1 : 0;
            int x = i % lungs.width();
            int y = i / lungs.width();
            corner[i] = x < lungs.width() / 8 && y < lungs.height() / 8 ? 1 : 0;
        }
        for (EvidenceMethod m : EvidenceMethod.values()) {
            assertEquals("", ShortcutCheck.warning(m, img, onLungs, lungs.width(), lungs.height()));
            String w = ShortcutCheck.warning(m, img, corner, lungs.width(), lungs.height());
            assertTrue(w.startsWith("Possible shortcut: only 0% of the evidence (" + m.label() + ")"), w);
            // An all-zero map shows nothing, and the panel says so rather than staying silent.
            assertTrue(ShortcutCheck.warning(m, img, new float[16], 4, 4).startsWith("Hiding parts of the image ("
                    + m.label() + ")"));
        }
        // No lungs found: nothing to weigh the map against, so no warning either way.
        assertEquals("", ShortcutCheck.warning(EvidenceMethod.FAST, Double.NaN, false));
    }
}
