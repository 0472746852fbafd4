package io.lunglens.synth;

import java.util.Objects;

/**
 * What every phantom of a run shares.
 *
 * @param size       width and height in pixels, 64 .. 4096
 * @param difficulty lesion opacity and size, and noise
 * @param shortcut   whether COVID-19 images carry a source tag
 * @param bits16     16-bit PNGs (stored values 0..65535) instead of 8-bit
 */
public record PhantomSpec(int size, Difficulty difficulty, Shortcut shortcut, boolean bits16) {

    public static final int MIN_SIZE = 64;
    public static final int MAX_SIZE = 4096;

    public PhantomSpec {
        if (size < MIN_SIZE || size > MAX_SIZE) {
            throw new IllegalArgumentException("size must be " + MIN_SIZE + ".." + MAX_SIZE + " pixels, was " + size);
        }
        Objects.requireNonNull(difficulty, "difficulty");
        Objects.requireNonNull(shortcut, "shortcut");
    }

    /** 512², standard difficulty, no shortcut, 8-bit. */
    public static PhantomSpec standard(int size) {
        return new PhantomSpec(size, Difficulty.STANDARD, Shortcut.NONE, false);
    }

    public int bitsStored() {
        return bits16 ? 16 : 8;
    }
}
