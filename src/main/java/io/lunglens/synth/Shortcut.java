package io.lunglens.synth;

import java.util.Locale;

/**
 * A deliberate confounder. MARKER burns a source tag into the top-left corner of COVID-19 images only,
 * as when the two classes of a data set come from different hospitals; a model can then score well
 * by reading the tag instead of the lungs.
 */
public enum Shortcut {
    NONE,
    MARKER;

    /** Parses none or marker, ignoring case. */
    public static Shortcut parse(String s) {
        for (Shortcut v : values()) {
            if (v.name().equalsIgnoreCase(s.trim())) {
                return v;
            }
        }
        throw new IllegalArgumentException("shortcut must be none or marker, was '" + s + "'");
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
