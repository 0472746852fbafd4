package io.lunglens.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ResizingTest {

    @Test
    void parsesSizeAndEpochsOrNone() {
        assertEquals(new Resizing(128, 6), Resizing.parse("128:6"));
        assertEquals(Resizing.NONE, Resizing.parse("none"));
        assertEquals(Resizing.NONE, Resizing.parse(""));
        assertEquals("128:6", new Resizing(128, 6).toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Resizing.parse("128x6"));
        assertEquals("progressive resizing must be SIZE:EPOCHS like 128:6, or none; was 128x6", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Resizing.parse("16:3"));
    }

    @Test
    void earlyEpochsSmallThenTheInputSizeAndNeverLarger() {
        Resizing r = new Resizing(128, 2);
        assertEquals(128, r.sizeAt(1, 224));
        assertEquals(128, r.sizeAt(2, 224));
        assertEquals(224, r.sizeAt(3, 224));
        assertEquals(96, r.sizeAt(1, 96), "a 'smaller' size above the input size is not used");
        assertEquals(224, Resizing.NONE.sizeAt(1, 224));
    }
}
