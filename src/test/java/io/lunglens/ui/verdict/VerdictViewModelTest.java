package io.lunglens.ui.verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunglens.gate.GateResult;
import io.lunglens.ui.Explained;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class VerdictViewModelTest {

    static final GateResult PASSED = new GateResult(true, 0.9, true, 0.5, "A frontal chest X-ray.");

    static Explained verdict(double p) {
        return verdict(p, PASSED);
    }

    static Explained verdict(double p, GateResult gate) {
        return new Explained(p >= 0.5 ? "COVID-19" : "Normal", new double[] {1 - p, p}, p, 180, new float[4], 2, 2, 1,
                gate);
    }

    @Test
    void lowConfidenceInsideTheBandOnly() {
        VerdictViewModel vm = new VerdictViewModel();
        Path f = Path.of("a.png");
        for (double p : new double[] {0.36, 0.5, 0.64}) {
            vm.show(f, verdict(p), "COVID-19");
            assertTrue(vm.lowConfidenceProperty().get(), "p=" + p);
        }
        for (double p : new double[] {0.0, 0.35, 0.65, 0.97}) {
            vm.show(f, verdict(p), "COVID-19");
            assertFalse(vm.lowConfidenceProperty().get(), "p=" + p);
        }
    }

    @Test
    void aNewImageClearsTheOldVerdict() {
        VerdictViewModel vm = new VerdictViewModel();
        vm.show(Path.of("a.png"), verdict(0.91), "COVID-19");
        vm.setShortcutWarning("Possible shortcut: ...");
        assertEquals("COVID-19", vm.labelProperty().get());
        assertEquals("P(COVID-19) = 0.91", vm.positiveTextProperty().get());
        assertEquals("180 ms", vm.timingProperty().get());
        assertEquals("Possible shortcut: ...", vm.shortcutWarningProperty().get());
        vm.analysing(Path.of("b.png"));
        assertEquals("", vm.labelProperty().get());
        assertEquals(-1, vm.positiveProperty().get());
        assertEquals("", vm.shortcutWarningProperty().get());
        assertEquals(Path.of("b.png"), vm.sourceProperty().get());
        assertEquals("Analysing\u2026", vm.statusProperty().get());
    }

    @Test
    void aRefusedImageShowsWhyAndTheVerdictOnlyWhenAskedMarkedUnreliable() {
        VerdictViewModel vm = new VerdictViewModel();
        GateResult ct = new GateResult(false, 0.04, true, Double.NaN,
                "This does not look like a frontal chest X-ray (frontal score 0.04).");
        vm.show(Path.of("ct.png"), verdict(0.99, ct), "COVID-19");
        assertTrue(vm.gatedProperty().get());
        assertEquals("", vm.labelProperty().get());
        assertEquals(-1, vm.positiveProperty().get());
        assertEquals("No verdict: not a frontal chest X-ray.", vm.statusProperty().get());
        assertEquals(ct.reason(), vm.gateReasonProperty().get());
        assertFalse(vm.unreliableProperty().get());

        vm.setShowAnyway(true);
        assertEquals("COVID-19", vm.labelProperty().get());
        assertEquals("P(COVID-19) = 0.99", vm.positiveTextProperty().get());
        assertTrue(vm.unreliableProperty().get());
        assertTrue(vm.gatedProperty().get());

        vm.analysing(Path.of("next.png"));
        assertFalse(vm.showAnywayProperty().get(), "the toggle is off again for the next image");
        assertFalse(vm.gatedProperty().get());
        vm.show(Path.of("next.png"), verdict(0.2), "COVID-19");
        assertEquals("Normal", vm.labelProperty().get());
        assertFalse(vm.unreliableProperty().get());
    }
}
