package io.lunglens.report;

import io.lunglens.model.ModelCard;
import io.lunglens.training.EpochStats;
import io.lunglens.training.EvaluationResult;
import io.lunglens.training.ShortcutExamples;
import java.time.Instant;
import java.util.List;

/**
 * What an evaluation report states, gathered by the front end that ran the evaluation.
 *
 * @param title    the report's heading, e.g. "Evaluation of demo@1 on phantoms-test"
 * @param result   the evaluation and the data audit
 * @param card     the evaluated model's card
 * @param history  the training epochs when the model was trained in this run, else empty
 * @param examples shortcut-check maps of the most confident images of each predicted class
 * @param created  when the report was made
 */
public record EvaluationFindings(String title, EvaluationResult result, ModelCard card, List<EpochStats> history,
                                 List<ShortcutExamples.Example> examples, Instant created) {

    public EvaluationFindings {
        history = List.copyOf(history);
        examples = List.copyOf(examples);
    }
}
