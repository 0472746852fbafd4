package io.lunglens.model;

import io.lunglens.imaging.LungMask;
import io.lunglens.imaging.XrayImage;
import io.lunglens.task.Progress;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How the shortcut check measures where a verdict's evidence lies: the one definition of the choice that the CLI
 * ({@code --check}) and the desktop app offer. Both hide parts of the image and watch the verdict weaken.
 */
public enum EvidenceMethod {
    /** The default: about 20 times faster, and it separated the control models as well as the grid (BENCHMARKS.md). */
    FAST("fast", "lung-field occlusion", EvidenceMethod.FAST_DESCRIPTION, LungOcclusion.PASSES),
    /** Also says where inside the lungs or outside them; the viewer's map is more detailed. */
    THOROUGH("thorough", "8\u00D78 occlusion", EvidenceMethod.THOROUGH_DESCRIPTION, Occlusion.GRID * Occlusion.GRID + 1);

    /** What the fast method hides and what it costs; a constant so that a CLI option's help can name it. */
    public static final String FAST_DESCRIPTION = "the lung fields, then everything else, hidden as a whole ("
            + LungOcclusion.PASSES + " forward passes)";
    /** The same for the thorough method. */
    public static final String THOROUGH_DESCRIPTION = "each of " + Occlusion.GRID * Occlusion.GRID
            + " grid cells hidden in turn (" + (Occlusion.GRID * Occlusion.GRID + 1) + " forward passes)";

    private final String option;
    private final String label;
    private final String description;
    private final int passes;

    EvidenceMethod(String option, String label, String description, int passes) {
        this.option = option;
        this.label = label;
        this.description = description;
        this.passes = passes;
    }

    /** The CLI's value for it: fast or thorough. */
    public String option() {
        return option;
    }

    /** What reports and the viewer name the method by, e.g. "lung-field occlusion". */
    public String label() {
        return label;
    }

    /** What it hides and what that costs, for help texts. */
    public String description() {
        return description;
    }

    /** Forward passes per image. */
    public int passes() {
        return passes;
    }

    /** The method named by its option (any case). */
    public static EvidenceMethod ofOption(String option) {
        for (EvidenceMethod m : values()) {
            if (m.option.equals(option.toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new IllegalArgumentException("the shortcut check is " + options() + ", not '" + option + "'");
    }

    /** "fast or thorough". */
    public static String options() {
        return Arrays.stream(values()).map(EvidenceMethod::option).collect(Collectors.joining(" or "));
    }

    /**
     * The map of where the evidence for a class lies, at the image's size in [0,1].
     *
     * @param classIndex the class to explain, or -1 for the predicted one
     * @param lungs      the lung fields the fast method hides (the thorough one does not need them)
     * @throws io.lunglens.task.CancelledException when progress was cancelled
     */
    public Explanation explain(Classifier c, XrayImage image, int classIndex, LungMask lungs, Progress progress) {
        if (this == THOROUGH) {
            return Occlusion.explain(c, image, classIndex, progress);
        }
        progress.checkCancelled();
        return LungOcclusion.explain(c, image, classIndex, lungs);
    }

    @Override
    public String toString() {
        return label;
    }
}
