package io.lunglens.imaging;

/** Colour to gray: Rec. 601 luma, the weights DICOM's YBR_FULL uses for its Y (PS3.3 C.7.6.3.1.2). */
public final class Luminance {

    private Luminance() {
    }

    /** The luma of one red, green, blue triple, rounded to the nearest integer. */
    public static int rec601(int r, int g, int b) {
        return (int) Math.round(0.299 * r + 0.587 * g + 0.114 * b);
    }
}
