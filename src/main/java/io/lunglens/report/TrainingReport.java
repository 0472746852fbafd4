package io.lunglens.report;

import io.lunglens.model.Classifier;
import io.lunglens.model.ModelBundleException;
import io.lunglens.task.Progress;
import io.lunglens.training.EvaluationResult;
import io.lunglens.training.ShortcutExamples;
import io.lunglens.training.TrainingOutcome;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The PDF report of a training run, written into the saved bundle beside report.md: its test split scored, its
 * loss curves, and the shortcut check's example maps from the saved model. `train` and the Retrain tab both call it.
 */
public final class TrainingReport {

    /** Where a bundle keeps its report files. */
    public static final String FOLDER = "report";

    private TrainingReport() {
    }

    /** Writes bundle/report/report.pdf for a finished run; returns its path. */
    public static Path write(TrainingOutcome run, Progress progress)
            throws IOException, ModelBundleException {
        try (Classifier c = Classifier.load(run.bundle())) {
            List<ShortcutExamples.Example> examples = ShortcutExamples.of(c, run.test(), EvaluationReport.EXAMPLES_PER_CLASS, progress);
            EvaluationFindings f = new EvaluationFindings("Test evaluation of " + run.card().id(),
                    EvaluationResult.ofTraining(run), run.card(),
                    run.history(), examples, Instant.now());
            return EvaluationReport.write(f, run.bundle().resolve(FOLDER));
        }
    }
}
