package io.lunglens.ui.viewer;

/** Which map of the model's evidence the overlay shows. */
public enum EvidenceMap {
    /** Fast; through the LSTM head it can sit on the cells read last rather than on the anatomy that decided. */
    GRAD_CAM("Grad-CAM", "Gradient map of the last feature layer: fast, but through this model's LSTM head it can"
            + " point below the lungs when the lungs decided",
            "The Grad-CAM map is empty: the model's score for this class does not move with any feature here (a"
            + " saturated verdict), so this map cannot show where it looked. The occlusion map can."),
    /** The shortcut check's map: says what changes the verdict when hidden. */
    OCCLUSION("Occlusion", "How much the verdict weakens when parts of the image are hidden: the shortcut check's map."
            + " The fast check hides the lung fields and the rest as a whole; the thorough one each cell of an 8\u00D78"
            + " grid (see Check)",
            "The occlusion map is empty: hiding parts of the image leaves the verdict as strong as it was, so no"
            + " region stands out.");

    private final String label;
    private final String help;
    private final String emptyNote;

    EvidenceMap(String label, String help, String emptyNote) {
        this.label = label;
        this.help = help;
        this.emptyNote = emptyNote;
    }

    /** What an all-zero map of this kind means, shown instead of a blank overlay. */
    public String emptyNote() {
        return emptyNote;
    }

    public String help() {
        return help;
    }

    @Override
    public String toString() {
        return label;
    }
}
