package io.lunglens.ui.viewer;

/** Which map of the model's evidence the overlay shows. */
public enum EvidenceMap {
    /** Fast; through the LSTM head it can sit on the cells read last rather than on the anatomy that decided. */
    GRAD_CAM("Grad-CAM", "Gradient map of the last feature layer: fast, but through this model's LSTM head it can"
            + " point below the lungs when the lungs decided"),
    /** A few seconds; says what changes the verdict when hidden, so the shortcut check relies on it. */
    OCCLUSION("Occlusion", "How much the verdict weakens when each part of the image is hidden: slower, and what the"
            + " shortcut check relies on");

    private final String label;
    private final String help;

    EvidenceMap(String label, String help) {
        this.label = label;
        this.help = help;
    }

    public String help() {
        return help;
    }

    @Override
    public String toString() {
        return label;
    }
}
