package io.lunglens.training;

import io.lunglens.imaging.ImageLoadException;
import io.lunglens.imaging.ModelInput;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Where a sample's model input plane comes from: the preprocessing cache, or a fresh decode. Thread-safe. */
@FunctionalInterface
public interface InputPlanes {

    /** The sample's plane at size×size, by {@link ModelInput}'s rule. */
    float[] plane(Sample s, int size);

    /** Decodes the file every time; an unreadable file fails with its name. */
    static InputPlanes decoded() {
        return InputPlanes::decode;
    }

    /** The one decode: file to plane. The data set read every file once, so a failure here means it changed. */
    static float[] decode(Sample s, int size) {
        try {
            return ModelInput.ofFile(s.file(), size);
        } catch (ImageLoadException e) {
            throw new UncheckedIOException(new IOException(e.getMessage(), e));
        }
    }
}
