package io.lunglens.synth;

import io.lunglens.imaging.ImageInfo;
import io.lunglens.imaging.Photometric;
import io.lunglens.imaging.XrayImage;
import java.nio.file.Path;
import java.util.List;

/**
 * One synthetic frontal chest radiograph with its ground truth. Arrays are row-major, size × size, and are
 * shared, not copied.
 *
 * @param size           width and height
 * @param bitsStored     8 or 16
 * @param pixels         stored values, MONOCHROME2 (dense tissue bright)
 * @param lungMask       1 where the lung field is visible (heart, mediastinum and sub-diaphragmatic lung excluded)
 * @param lesionMask     1 inside an opacity; always a subset of lungMask
 * @param covid          the class
 * @param seed           the run seed
 * @param index          the phantom's number within its class, from 0
 * @param severity       peak lesion opacity as a fraction of the lung's air, 0 (none) .. 1 (white-out)
 * @param lesionFraction lesion pixels / lung pixels
 * @param lesions        number of opacities drawn
 * @param bilateral      opacities in both lungs
 * @param ctr            cardiothoracic ratio of the drawn heart
 * @param flags          label-free extras drawn on this image: breast, rl_marker, ecg, prominent_vessels, gastric_bubble, shortcut_tag
 */
public record Phantom(int size, int bitsStored, int[] pixels, byte[] lungMask, byte[] lesionMask,
                      boolean covid, long seed, int index, double severity, double lesionFraction,
                      int lesions, boolean bilateral, double ctr, List<String> flags) {

    public Phantom {
        flags = List.copyOf(flags);
    }

    /** "COVID" or "Normal", the folder names of the COVID-19 Radiography Database. */
    public String label() {
        return covid ? "COVID" : "Normal";
    }

    /** The file name the database would use, e.g. COVID-1.png. */
    public String fileName() {
        return label() + "-" + (index + 1) + ".png";
    }

    /** The image as the rest of LungLens sees a loaded file. */
    public XrayImage toXrayImage() {
        return new XrayImage(size, size, bitsStored, pixels, Photometric.MONOCHROME2,
                ImageInfo.plain(Path.of(fileName()), "PNG"));
    }
}
