package io.lunglens.ui.viewer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunglens.ui.viewer.ViewerViewModel.Mode;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;

/** The action table: one action per key, a distinct cursor per mouse mode, and keys that reach the view model. */
class ViewerActionTest {

    @Test
    void everyKeyBelongsToOneAction() {
        Set<KeyCode> seen = new HashSet<>();
        for (ViewerAction a : ViewerAction.values()) {
            assertFalse(a.keys().isEmpty(), a + " has no key");
            for (KeyCode k : a.keys()) {
                assertTrue(seen.add(k), k + " is bound twice");
                assertEquals(Optional.of(a), ViewerAction.forKey(k));
            }
        }
        assertEquals(Optional.empty(), ViewerAction.forKey(KeyCode.Q));
    }

    @Test
    void eachMouseModeHasItsOwnActionAndCursor() {
        Set<Object> cursors = new HashSet<>();
        for (Mode m : Mode.values()) {
            cursors.add(ViewerAction.cursor(m));
        }
        assertEquals(Mode.values().length, cursors.size());
    }

    @Test
    void performingActionsChangesTheViewModel() {
        ViewerViewModel vm = new ViewerViewModel();
        ViewerAction.WINDOW.perform(vm);
        assertEquals(Mode.WINDOW, vm.modeProperty().get());
        boolean inverted = vm.invertedProperty().get();
        ViewerAction.forKey(KeyCode.I).orElseThrow().perform(vm);
        assertNotEquals(inverted, vm.invertedProperty().get());
        assertTrue(ViewerAction.INVERT.state(vm).isPresent() && ViewerAction.FIT.state(vm).isEmpty());
    }
}
