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
 * @param perLabel        rows per predicted label, in the model's class order
 * @param seconds         wall time of this run
 * @param imagesPerSecond files per second in this run
 * @param evaluation      metrics against the class folders when the folder is labelled, else null
 */
public record ScanSummary(Path output, int files, int scanned, int resumed, int errors, Map<String, Integer> perLabel,
                          double seconds, double imagesPerSecond, Evaluation evaluation) {

    public ScanSummary {
        perLabel = Map.copyOf(perLabel);
    }

    public boolean labelled() {
        return evaluation != null;
    }
}
