package io.lunglens.training;

/**
 * Progressive resizing: the first epochs train on smaller images, the rest at the model's input size. A smaller
 * image costs about (size / inputSize)² of a step, and the network (convolutions, then an LSTM over however many
 * cells the feature map has) takes any size; the last epochs at full size settle BatchNorm and the LSTM to it.
 * Validation always runs at the input size, so every epoch's validation loss compares with the others.
 *
 * @param size   side of the early epochs' images
 * @param epochs how many epochs use it (0: none)
 */
public record Resizing(int size, int epochs) {

    public static final Resizing NONE = new Resizing(0, 0);

    public Resizing {
        if (epochs < 0) {
            throw new IllegalArgumentException("progressive resizing epochs must not be negative, was " + epochs);
        }
        if (epochs > 0 && size < 32) {
            throw new IllegalArgumentException("progressive resizing size must be at least 32, was " + size);
        }
    }

    /** Reads "128:6": six epochs at 128², then the input size. "none" or "" is {@link #NONE}. */
    public static Resizing parse(String s) {
        String t = s == null ? "" : s.trim();
        if (t.isEmpty() || t.equalsIgnoreCase("none")) {
            return NONE;
        }
        String[] parts = t.split(":");
        try {
            if (parts.length == 2) {
                return new Resizing(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("progressive resizing must be SIZE:EPOCHS like 128:6, or none; was " + s);
    }

    /** The image side for this epoch (1-based) of a run whose input size is inputSize. */
    public int sizeAt(int epoch, int inputSize) {
        return epoch <= epochs && size < inputSize ? size : inputSize;
    }

    @Override
    public String toString() {
        return epochs == 0 ? "none" : size + ":" + epochs;
    }
}
