package io.lunglens.ui;

import java.util.List;
import java.util.Optional;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;

/** The window's own actions (files, model, help), defined once for menus and toolbar; viewer ones are ViewerAction. */
enum AppAction {

    OPEN_IMAGE("Open image\u2026", Icons.OPEN_IMAGE, "Open image", "Shortcut+O"),
    OPEN_FOLDER("Open folder\u2026", Icons.OPEN_FOLDER, "Open folder", "Shortcut+Shift+O"),
    OPEN_SAMPLES("Open sample X-rays", Icons.SAMPLES, null, null),
    OPEN_PACS("Open from PACS\u2026", Icons.PACS, "Search a PACS (DICOMweb) and open a series", null),
    EXPORT("Export view as PNG\u2026", Icons.EXPORT, null, "Shortcut+E"),
    EXPORT_REPORT("Export report\u2026", Icons.REPORT, "Export a PDF or PNG report of this image and its verdict",
            "Shortcut+R"),
    QUIT("Quit", null, null, "Shortcut+Q"),
    MODEL_CARD("Model card\u2026", Icons.MODEL_CARD, null, null),
    ABOUT("About LungLens", Icons.ABOUT, null, null),
    INTENDED_USE("Intended use", Icons.SAFETY, null, null),
    NEXT_IMAGE("Next image in the folder", null, null, null, KeyCode.PAGE_DOWN, KeyCode.DOWN, KeyCode.RIGHT),
    PREVIOUS_IMAGE("Previous image in the folder", null, null, null, KeyCode.PAGE_UP, KeyCode.UP, KeyCode.LEFT);

    private final String title;
    private final String icon;
    private final String help;
    private final KeyCombination accelerator;
    private final List<KeyCode> keys;

    AppAction(String title, String icon, String help, String accelerator, KeyCode... keys) {
        this.title = title;
        this.icon = icon;
        this.help = help == null ? title : help;
        this.accelerator = accelerator == null ? null : KeyCombination.keyCombination(accelerator);
        this.keys = List.of(keys);
    }

    /** The action a plain key press on the viewer tab stands for, if any. */
    static Optional<AppAction> forKey(KeyCode key) {
        for (AppAction a : values()) {
            if (a.keys.contains(key)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    String title() {
        return title;
    }

    /** Null for none. */
    String icon() {
        return icon;
    }

    /** Null for none. */
    KeyCombination accelerator() {
        return accelerator;
    }

    /** Help with the accelerator, e.g. "Open image (Ctrl+O)". */
    String tooltip() {
        return accelerator == null ? help : help + " (" + accelerator.getDisplayText() + ")";
    }
}
