package io.lunglens.training;

import io.lunglens.gate.InputGate;
import io.lunglens.model.Classifier;
import io.lunglens.model.EvidenceMethod;
import io.lunglens.model.ModelBundle;
import io.lunglens.model.ModelBundleException;
import io.lunglens.task.Job;
import io.lunglens.task.Progress;
import io.lunglens.training.audit.DataAudit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One evaluation of a model on labelled images, a folder or the model's own test split: {@code lunglens evaluate}
 * and the Evaluate view both run it. The CLI runs its two halves itself ({@link #prepare}, then {@link #evaluate}
 * once it has said which model it loaded); the view runs it whole as a {@link Job}.
 */
public final class EvaluationJob implements Job<EvaluationResult> {

    private final Request request;

    public EvaluationJob(Request request) {
        this.request = request;
    }

    /**
     * What to evaluate.
     *
     * @param bundleDir the model's bundle folder
     * @param folder    the labelled folder; with testSplit it may be null for the folder the manifest names
     * @param classes   class folders to use; null or empty for all (or, with testSplit, the manifest's)
     * @param positive  the positive class folder; null for the model's own when the folder has it, else the default
     * @param testSplit score only the files the bundle's split manifest put in its test split, as training did
     * @param ungated   score the images the input gate refuses too (a test split is always scored ungated)
     * @param audit     also run the data audit on the images scored
     * @param check     how the shortcut check measures where each image's evidence lies
     */
    public record Request(Path bundleDir, Path folder, List<String> classes, String positive, boolean testSplit,
                          boolean ungated, boolean audit, EvidenceMethod check) {
    }

    /** The images to score, checked before the model loads. */
    public record Input(FolderDataset data, List<Sample> samples) {
    }

    /** Loads the model, scores the images and, if asked, audits them. */
    @Override
    public EvaluationResult run(Progress progress) throws DatasetException, ModelBundleException, IOException {
        progress.update(0, 0, "reading the folder");
        Input in = prepare(request);
        progress.checkCancelled();
        progress.update(0, 0, "loading the model");
        try (Classifier c = Classifier.load(request.bundleDir())) {
            return evaluate(c, request, in, progress);
        }
    }

    /** Reads the folder (and, for a test split, the manifest) into the samples to score. */
    public static Input prepare(Request r) throws DatasetException, ModelBundleException, IOException {
        Path manifest = r.bundleDir().resolve(Split.MANIFEST_FILE);
        Path folder = r.folder() != null ? r.folder() : Split.manifestRoot(manifest);
        boolean noClasses = r.classes() == null || r.classes().isEmpty();
        List<String> use = noClasses && r.testSplit() ? Split.manifestClasses(manifest) : r.classes();
        // The model's own positive class, when the folder has a folder of that name: a model trained with
        // --positive X must not be scored with the folders' default choice.
        String modelPositive = ModelBundle.readCard(r.bundleDir()).positiveClass();
        String pos = r.positive() != null ? r.positive()
                : Files.isDirectory(folder.resolve(modelPositive)) ? modelPositive : null;
        FolderDataset data = FolderDataset.open(folder, use, pos, 0, 0);
        return new Input(data, r.testSplit() ? Split.fromManifest(manifest, "test", data) : data.samples());
    }

    /**
     * Scores the input with a loaded model; throws IllegalArgumentException when no image could be scored
     * (none readable, or all refused by the gate), CancelledException when progress was cancelled.
     */
    public static EvaluationResult evaluate(Classifier c, Request r, Input in, Progress progress)
            throws DatasetException, IOException {
        FolderDataset data = in.data();
        Evaluation e = Evaluator.evaluate(c, in.samples(), data.classes(), data.positive(), progress,
                r.ungated() || r.testSplit() ? null : InputGate.standard(), r.check());
        DataAudit audit = null;
        if (r.audit()) {
            progress.update(0, 0, "auditing the metadata");
            audit = r.testSplit() ? DataAudit.of(data.root(), byClass(data, in.samples()))
                    : DataAudit.run(data.root(), data.classes());
        }
        return new EvaluationResult(c.card().id(), c.card().synthetic(), data.root(), r.testSplit(), e, audit,
                data.skipped());
    }

    private static Map<String, List<Path>> byClass(FolderDataset data, List<Sample> samples) {
        Map<String, List<Path>> files = new LinkedHashMap<>();
        data.classes().forEach(name -> files.put(name, new ArrayList<>()));
        samples.forEach(s -> files.get(data.classes().get(s.label())).add(s.file()));
        return files;
    }
}
