package io.lunglens.synth;

import java.util.Locale;

/**
 * How hard the COVID-19 class is to tell from the normal one: lesion opacity and size, and image noise.
 * Opacities are in the generator's density units, where the air of a full lung removes about 0.42.
 */
public enum Difficulty {
    EASY(0.14, 0.34, 1.3, 0.6),
    STANDARD(0.06, 0.22, 1.0, 1.0),
    HARD(0.03, 0.11, 0.75, 1.4);

    final double minOpacity;
    final double maxOpacity;
    final double lesionScale;
    final double noiseScale;

    Difficulty(double minOpacity, double maxOpacity, double lesionScale, double noiseScale) {
        this.minOpacity = minOpacity;
        this.maxOpacity = maxOpacity;
        this.lesionScale = lesionScale;
        this.noiseScale = noiseScale;
    }

    /** Parses easy, standard or hard, ignoring case. */
    public static Difficulty parse(String s) {
        for (Difficulty d : values()) {
            if (d.name().equalsIgnoreCase(s.trim())) {
                return d;
            }
        }
        throw new IllegalArgumentException("difficulty must be easy, standard or hard, was '" + s + "'");
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
