package io.lunglens.ui;

import io.lunglens.model.EvidenceMethod;

/**
 * The shortcut check of a verdict as the viewer shows it.
 *
 * @param map          the check's occlusion map with the verdict it explains
 * @param method       how the map was made
 * @param shareInLungs share of the map inside the segmented lung fields; NaN when none were found or the map is empty
 * @param warning      the shortcut warning read from it, or ""
 */
public record EvidenceCheck(Explained map, EvidenceMethod method, double shareInLungs, String warning) {
}
