package io.lunglens.ui.viewer;

import io.lunglens.ui.Icons;
import io.lunglens.ui.viewer.ViewerViewModel.Mode;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.property.BooleanProperty;
import javafx.scene.Cursor;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;

/**
 * Every viewer action, defined once: its title, icon, help, single keys and what it does to the view model. Menus,
 * toolbar buttons, key handling and the cursor all read this table (after Weasis' ActionW).
 */
public enum ViewerAction {

    FIT("Fit to window", Icons.FIT, null, run(ViewerViewModel::fit), KeyCode.F),
    ACTUAL_SIZE("Actual size (1:1)", Icons.ACTUAL_SIZE, "Actual size 1:1", run(ViewerViewModel::actualSize),
            KeyCode.DIGIT1),
    ZOOM_IN("Zoom in", Icons.ZOOM_IN, null, run(vm -> vm.zoomStep(true)), KeyCode.PLUS, KeyCode.ADD, KeyCode.EQUALS),
    ZOOM_OUT("Zoom out", Icons.ZOOM_OUT, null, run(vm -> vm.zoomStep(false)), KeyCode.MINUS, KeyCode.SUBTRACT),
    PAN("Pan", Icons.PAN, "Pan: drag", mode(Mode.PAN, Cursor.OPEN_HAND), KeyCode.T),
    WINDOW("Window/level", Icons.WINDOW_LEVEL, "Window/level: drag, or right-drag at any time",
            mode(Mode.WINDOW, Cursor.CROSSHAIR), KeyCode.W),
    ZOOM("Zoom", Icons.ZOOM_DRAG, "Zoom: drag up/down", mode(Mode.ZOOM, Cursor.V_RESIZE), KeyCode.Z),
    INVERT("Invert", Icons.INVERT, null, toggle(ViewerViewModel::invertedProperty), KeyCode.I),
    RESET("Reset view and window/level", Icons.RESET, null, run(ViewerViewModel::reset), KeyCode.R),
    OVERLAY("Evidence overlay", Icons.OVERLAY, "Evidence overlay on/off, Grad-CAM or occlusion (see the overlay controls)",
            toggle(ViewerViewModel::overlayVisibleProperty), KeyCode.G);

    private final String title;
    private final String icon;
    private final String help;
    private final Does does;
    private final List<KeyCode> keys;

    ViewerAction(String title, String icon, String help, Does does, KeyCode... keys) {
        this.title = title;
        this.icon = icon;
        this.help = help == null ? title : help;
        this.does = does;
        this.keys = List.of(keys);
    }

    public String title() {
        return title;
    }

    public String icon() {
        return icon;
    }

    /** The plain keys that perform the action. */
    public List<KeyCode> keys() {
        return keys;
    }

    /** The menu accelerator: the action's first key. */
    public KeyCombination accelerator() {
        return new KeyCodeCombination(keys.get(0));
    }

    /** Help with the key, e.g. "Zoom: drag up/down (Z)". */
    public String tooltip() {
        return help + " (" + accelerator().getDisplayText() + ")";
    }

    /** For on/off actions (invert, overlay) the property they flip, else empty. */
    public Optional<BooleanProperty> state(ViewerViewModel vm) {
        return does.toggle == null ? Optional.empty() : Optional.of(does.toggle.apply(vm));
    }

    /** For the mouse modes, the mode they choose, else null. */
    public Mode mode() {
        return does.mode;
    }

    public void perform(ViewerViewModel vm) {
        if (does.mode != null) {
            vm.modeProperty().set(does.mode);
        } else if (does.toggle != null) {
            BooleanProperty p = does.toggle.apply(vm);
            p.set(!p.get());
        } else {
            does.run.accept(vm);
        }
    }

    /** The action a plain key press stands for, if any. */
    public static Optional<ViewerAction> forKey(KeyCode key) {
        for (ViewerAction a : values()) {
            if (a.keys.contains(key)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** The mouse pointer over the image in a mode. */
    public static Cursor cursor(Mode mode) {
        for (ViewerAction a : values()) {
            if (a.does.mode == mode) {
                return a.does.cursor;
            }
        }
        throw new IllegalArgumentException("no action for mode " + mode);
    }

    private static Does run(Consumer<ViewerViewModel> action) {
        return new Does(action, null, null, null);
    }

    private static Does toggle(Function<ViewerViewModel, BooleanProperty> state) {
        return new Does(null, state, null, null);
    }

    private static Does mode(Mode mode, Cursor cursor) {
        return new Does(null, null, mode, cursor);
    }

    /** What an action does: runs, flips a property, or chooses a mouse mode (with its cursor). */
    private record Does(Consumer<ViewerViewModel> run, Function<ViewerViewModel, BooleanProperty> toggle, Mode mode,
                        Cursor cursor) {
    }
}
