package io.lunglens.scan;

import io.lunglens.training.Evaluation;
import java.nio.file.Path;
import java.util.Map;

/**
 * The result of a finished scan.
 *
 * @param output          the CSV written
 * @param files           rows in it (one per file found)
 * @param scanned         files read in this run
 * @param resumed         rows kept from an earlier run
 * @param errors          rows with an error
 * @param gated           rows the input gate refused (read, but not a frontal chest X-ray or outside the model's data)
 * @param perLabel        verdicts per label, in the model's class order (gated rows have none)
 * @param seconds         wall time of this run
 * @param imagesPerSecond files per second in this run
 * @param labelledFolder  the folder has one subfolder per class
 * @param evaluation      metrics against the class folders, on the images the gate passed (all with
 *                        {@link ScanOptions#ungated()}); null when not labelled or nothing was left to score
 */
public record ScanSummary(Path output, int files, int scanned, int resumed, int errors, int gated, Map<String, Integer> perLabel,
                          double seconds, double imagesPerSecond, boolean labelledFolder,
                          Evaluation evaluation) {

    public ScanSummary {
        perLabel = Map.copyOf(perLabel);
    }

    public boolean labelled() {
        return evaluation != null;
    }
}
