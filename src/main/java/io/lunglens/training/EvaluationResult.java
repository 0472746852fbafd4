package io.lunglens.training;

import io.lunglens.training.audit.DataAudit;
import java.nio.file.Path;
import java.util.List;

/**
 * What one {@link EvaluationJob} found. The metrics (with 95% intervals, confusion counts and ROC), the reliability
 * diagrams before and after calibration, the shortcut check, the gate's refusals and the per-image rows are all in
 * {@link #evaluation()}; the data audit comes beside it.
 *
 * @param modelId   the model's card id
 * @param synthetic the model was trained on synthetic phantoms
 * @param folder    the labelled folder the images came from
 * @param testSplit only the model's own test split was scored
 * @param audit     the metadata audit of the scored images, or null when none was asked for
 * @param skipped   files of the folder left out before scoring (unreadable, duplicate), each with its reason
 */
public record EvaluationResult(String modelId, boolean synthetic, Path folder, boolean testSplit,
                               Evaluation evaluation, DataAudit audit, List<String> skipped) {

    public EvaluationResult {
        skipped = List.copyOf(skipped);
    }

    /** A training run's own test-split evaluation, as the Evaluate view and the report show it. */
    public static EvaluationResult ofTraining(TrainingOutcome run) {
        Path data = Path.of(String.valueOf(run.card().training().getOrDefault("dataset", "")));
        return new EvaluationResult(run.card().id(), run.card().synthetic(), data, true, run.test(), null, List.of());
    }

    /** The audit's warning when file metadata alone predicts the class, else "". */
    public String auditWarning() {
        return audit != null && audit.confounded() ? audit.rule() : "";
    }
}
