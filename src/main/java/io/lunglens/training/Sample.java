package io.lunglens.training;

import java.nio.file.Path;

/**
 * One labelled image of a data set.
 *
 * @param file     the image
 * @param label    class index into the data set's class list
 * @param sha256   hash of the file's bytes, so a split manifest can prove which file was used
 * @param lungMask the data set's own lung mask for this image, or null
 */
public record Sample(Path file, int label, String sha256, Path lungMask) {
}
