package io.lunglens.training;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import io.lunglens.model.Architecture;
import io.lunglens.model.Classifier;
import io.lunglens.model.EngineBootstrap;
import io.lunglens.model.ModelBundle;
import io.lunglens.model.ModelBundleException;
import io.lunglens.model.ModelCard;
import io.lunglens.model.ResNetLstm;
import io.lunglens.model.TrainingDomain;
import io.lunglens.task.Progress;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Trains a ResNet-LSTM on a split data set, watching validation loss every epoch, keeping the best epoch's weights,
 * calibrating on the validation split and scoring on the test split. The bundle is written only at the very end,
 * atomically, so a cancelled or failed run leaves every existing model as it was.
 */
public final class BundleTrainer {

    private BundleTrainer() {
    }

    /**
     * @param name      the model's name, written to its card; also names the run folder ({@link RunFolder#of})
     * @param out       the bundle folder to write
     * @param synthetic true when the data are phantoms, so the model says so wherever it is used
     */
    public static TrainingOutcome train(FolderDataset data, Split split, TrainConfig cfg, String name, Path out,
                                       boolean synthetic, EpochListener listener, Progress progress)
            throws ModelBundleException, IOException {
        return train(data, split, cfg, name, out, synthetic, Map.of(), listener, progress);
    }

    /**
     * As above, with notes for the model card's training summary (e.g. the exact command that trained it). Starts
     * afresh in the run folder (an unfinished run of the same name there is replaced: the command line asks first).
     */
    public static TrainingOutcome train(FolderDataset data, Split split, TrainConfig cfg, String name, Path out,
                                       boolean synthetic, Map<String, Object> notes, EpochListener listener,
                                       Progress progress) throws ModelBundleException, IOException {
        Path runDir = RunFolder.of(name);
        RunFolder.start(runDir, new RunFolder.Spec(1, name, out.toAbsolutePath().normalize().toString(), synthetic,
                notes, cfg, data.classes().get(data.positive())), split.manifest(data));
        return run(data, split, RunFolder.spec(runDir), out, runDir, Optional.empty(), listener, progress);
    }

    /**
     * Continues an interrupted run from its last finished epoch, on the same split (each file checked by its hash)
     * with the same settings, and ends as the uninterrupted run would have: the saved model and its report.
     *
     * @param runDir a run folder ({@link RunFolder#find}, {@link RunFolder#resumable})
     */
    public static TrainingOutcome resume(Path runDir, EpochListener listener, Progress progress)
            throws ModelBundleException, IOException, DatasetException {
        RunFolder.Spec spec = RunFolder.spec(runDir);
        Path manifest = runDir.resolve(Split.MANIFEST_FILE);
        FolderDataset data = FolderDataset.fromManifest(manifest, spec.positive());
        Split split = Split.fromManifest(manifest, data);
        return run(data, split, spec, Path.of(spec.out()), runDir, RunFolder.latest(runDir), listener, progress);
    }

    private static TrainingOutcome run(FolderDataset data, Split split, RunFolder.Spec spec, Path out, Path runDir,
                                       Optional<RunFolder.Checkpoint> from, EpochListener listener, Progress progress)
            throws ModelBundleException, IOException {
        try {
            TrainingOutcome r = trainAndSave(data, split, spec, out, runDir, from, listener, progress);
            // The bundle holds everything the run folder did (history, split, settings): the folder has done its job.
            RunFolder.remove(runDir);
            return r;
        } catch (TrainingDivergedException | ModelBundleException e) {
            // Resuming would end the same way; a cancelled or killed run keeps its folder.
            RunFolder.remove(runDir);
            throw e;
        }
    }

    private static TrainingOutcome trainAndSave(FolderDataset data, Split split, RunFolder.Spec spec, Path out,
                                                Path runDir, Optional<RunFolder.Checkpoint> from,
                                                EpochListener listener, Progress progress)
            throws ModelBundleException, IOException {
        TrainConfig cfg = spec.config();
        Architecture arch = Architecture.byName(cfg.architecture());
        EngineBootstrap.engine().setRandomSeed((int) cfg.seed());
        ModelCard card = ModelCard.draft(spec.name(), arch, cfg.inputSize(), spec.synthetic())
                .withClasses(data.classes(), data.classes().get(data.positive()))
                .withTraining(summary(data, split, cfg, spec.notes()));
        PreprocessCache cache = PreprocessCache.standard();
        try (ModelBundle bundle = ModelBundle.fresh(card); Prefetch pre = new Prefetch(Prefetch.defaultThreads())) {
            if (!cfg.init().random()) {
                progress.update(0, 0, "starting from " + cfg.init().from());
                Map<String, Object> training = new LinkedHashMap<>(card.training());
                training.put("initialisation", initialise(bundle, cfg.init()));
                card = card.withTraining(training);
            }
            Epochs epochs = new Epochs(bundle, cfg, pre, cache, runDir);
            Epochs.Run run = epochs.run(split, from, listener, progress);
            bundle.network().setBackboneFrozen(false);
            Epochs.restoreBest(bundle, run.best());
            ModelBundle.roundToStoredPrecision(bundle.network());

            progress.update(0, 0, "calibrating on the validation split");
            Epochs.Outputs v = epochs.validate(split.validation(), progress);
            double temperature = Calibration.fitTemperature(v.logits(), labels(split.validation()));
            ModelCard calibrated = card.withCalibrationTemperature(temperature);
            // The classifier shares the trained network; closing the outer bundle releases it.
            Classifier classifier = new Classifier(bundle.withCard(calibrated));
            Evaluation test = Evaluator.evaluate(classifier, split.test(), data.classes(), data.positive(), progress);
            // On the float16-rounded weights that are saved, so the description is of the shipped model.
            TrainingDomain domain = DomainFitting.fit(classifier, split.train(), split.validation(), cache,
                    fittedOn(data, split), progress);
            progress.checkCancelled();
            ModelCard saved = save(bundle, calibrated, run, test, domain, data, split, spec.name(), out);
            return new TrainingOutcome(List.copyOf(run.history()), run.bestEpoch(), run.stoppedEarly(),
                    run.detector().flag(), temperature, test, saved, out);
        }
    }

    /** Writes the bundle: the final card, the split manifest, the training-domain description and the report. */
    private static ModelCard save(ModelBundle bundle, ModelCard calibrated, Epochs.Run run, Evaluation test,
                                  TrainingDomain domain, FolderDataset data, Split split, String name, Path out)
            throws ModelBundleException, IOException {
        Map<String, Object> training = new LinkedHashMap<>(calibrated.training());
        training.put("epochsRun", run.history().size());
        training.put("bestEpoch", run.bestEpoch());
        training.put("stoppedEarly", run.stoppedEarly());
        run.detector().flag().ifPresent(f -> training.put("overfitting", f.toString()));
        byte[] domainJson = domain.toJson();
        training.put(TrainingDomain.CARD_KEY, domain.summary(domainJson));
        ModelCard finalCard = calibrated.withTraining(training).withTestMetrics(EvaluationJson.metrics(test)).withCreatedNow();
        Map<String, byte[]> extras = new LinkedHashMap<>();
        extras.put(Split.MANIFEST_FILE, split.manifest(data));
        extras.put(TrainingDomain.FILE, domainJson);
        ReportFolder.files("Test evaluation of " + name, test, run.history(), Map.of("model", name))
                .forEach((file, bytes) -> extras.put("report/" + file, bytes));
        return ModelBundle.save(out, bundle.network(), finalCard, extras);
    }

    /**
     * Copies the start bundle's backbone into the fresh network, and its head too when it is a trained model with
     * the same classes (fine-tuning); returns what the card records about it.
     */
    private static Map<String, Object> initialise(ModelBundle bundle, Initialisation init) throws ModelBundleException {
        try (ModelBundle start = ModelBundle.load(init.from())) {
            ModelCard c = start.card();
            if (!c.architecture().equals(bundle.card().architecture())) {
                throw new ModelBundleException(init.from(), "is a " + c.architecture() + ", this training needs a "
                        + bundle.card().architecture());
            }
            boolean backboneOnly = c.isBackbone();
            boolean withHead = !backboneOnly && c.classes().equals(bundle.card().classes());
            EngineBootstrap.inferenceThread();
            copy(start.network().backbone(), bundle.network().backbone());
            if (withHead) {
                copy(start.network().head(), bundle.network().head());
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("from", c.name());
            m.put("dir", init.from().toAbsolutePath().normalize().toString());
            m.put("weightsSha256", c.weightsSha256());
            m.put("weights", backboneOnly ? c.training().getOrDefault("weights", "imported backbone")
                    : "LungLens model " + c.name() + (c.synthetic() ? " (trained on synthetic phantoms)" : ""));
            m.put("copied", withHead ? "backbone and head" : "backbone");
            m.put("freezeEpochs", init.freezeEpochs());
            m.put("backboneLrFactor", init.backboneLrFactor());
            return m;
        }
    }

    private static void copy(Block from, Block to) {
        Map<String, Parameter> src = ResNetLstm.torchParameters(from);
        for (Map.Entry<String, Parameter> e : ResNetLstm.torchParameters(to).entrySet()) {
            ModelBundle.overwrite(e.getValue().getArray(), src.get(e.getKey()).getArray().toFloatArray());
        }
    }

    private static int[] labels(List<Sample> samples) {
        return samples.stream().mapToInt(Sample::label).toArray();
    }

    /** What a training-domain description was fitted on, for the card. */
    static String fittedOn(FolderDataset data, Split split) {
        return "the " + split.train().size() + " training-split images (un-augmented) of "
                + data.root().toAbsolutePath().normalize() + " (split " + split.ratio() + ", seed " + split.seed()
                + "); threshold on its " + split.validation().size() + " validation-split images";
    }

    private static Map<String, Object> summary(FolderDataset data, Split split, TrainConfig cfg,
                                               Map<String, Object> notes) {
        Map<String, Object> m = new LinkedHashMap<>(notes);
        m.put("dataset", data.root().toAbsolutePath().normalize().toString());
        m.put("classes", data.classes());
        m.put("countsPerClass", data.counts());
        m.put("skippedFiles", data.skipped().size());
        m.put("split", split.ratio());
        m.put("splitSeed", split.seed());
        m.put("trainImages", split.train().size());
        m.put("validationImages", split.validation().size());
        m.put("testImages", split.test().size());
        m.put("architecture", cfg.architecture());
        m.put("inputSize", cfg.inputSize());
        m.put("batchSize", cfg.batchSize());
        m.put("maxEpochs", cfg.epochs());
        m.put("optimizer", "Adam");
        m.put("learningRate", cfg.learningRate());
        m.put("weightDecay", cfg.weightDecay());
        m.put("seed", cfg.seed());
        m.put("patience", cfg.patience());
        m.put("overfitEpochs", cfg.overfitEpochs());
        m.put("augmentation", cfg.augmentation());
        if (cfg.resizing().epochs() > 0) {
            m.put("progressiveResizing", "first " + cfg.resizing().epochs() + " epochs at " + cfg.resizing().size()
                    + "², then " + cfg.inputSize() + "²");
        }
        // Each image decoded once and kept at float16 (a rounding of at most 2.4e-4 in [0, 1]) between epochs.
        m.put("inputs", "cached at float16");
        if (cfg.init().random()) {
            m.put("initialisation", "random");
        }
        return m;
    }
}
