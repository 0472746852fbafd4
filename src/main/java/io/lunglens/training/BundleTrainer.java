package io.lunglens.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.lunglens.imaging.ImageLoadException;
import io.lunglens.imaging.ImageLoader;
import io.lunglens.imaging.ModelInput;
import io.lunglens.model.Architecture;
import io.lunglens.model.Classifier;
import io.lunglens.model.EngineBootstrap;
import io.lunglens.model.GradientScope;
import io.lunglens.model.InputTensor;
import io.lunglens.model.ModelBundle;
import io.lunglens.model.ModelBundleException;
import io.lunglens.model.ModelCard;
import io.lunglens.model.ResNetLstm;
import io.lunglens.model.Scores;
import io.lunglens.model.TrainingDomain;
import io.lunglens.task.Progress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Trains a ResNet-LSTM on a split data set, watching validation loss every epoch, keeping the best epoch's weights,
 * calibrating on the validation split and scoring on the test split. The bundle is written only at the very end,
 * atomically, so a cancelled or failed run leaves every existing model as it was.
 */
public final class BundleTrainer {

    private BundleTrainer() {
    }

    /**
     * @param name      the model's name, written to its card
     * @param out       the bundle folder to write
     * @param synthetic true when the data are phantoms, so the model says so wherever it is used
     */
    public static TrainingOutcome train(FolderDataset data, Split split, TrainConfig cfg, String name, Path out,
                                       boolean synthetic, EpochListener listener, Progress progress)
            throws ModelBundleException, IOException {
        return train(data, split, cfg, name, out, synthetic, Map.of(), listener, progress);
    }

    /** As above, with notes for the model card's training summary (e.g. the exact command that trained it). */
    public static TrainingOutcome train(FolderDataset data, Split split, TrainConfig cfg, String name, Path out,
                                       boolean synthetic, Map<String, Object> notes, EpochListener listener,
                                       Progress progress) throws ModelBundleException, IOException {
        Architecture arch = Architecture.byName(cfg.architecture());
        EngineBootstrap.engine().setRandomSeed((int) cfg.seed());
        progress.update(0, 0, "reading " + (split.train().size() + split.validation().size()) + " images");
        Planes p = new Planes(planes(split.train(), cfg.inputSize()), planes(split.validation(), cfg.inputSize()),
                labels(split.train()), labels(split.validation()));
        ModelCard card = ModelCard.draft(name, arch, cfg.inputSize(), synthetic)
                .withClasses(data.classes(), data.classes().get(data.positive()))
                .withTraining(summary(data, split, cfg, notes));
        try (ModelBundle bundle = ModelBundle.fresh(card)) {
            if (!cfg.init().random()) {
                progress.update(0, 0, "starting from " + cfg.init().from());
                Map<String, Object> training = new LinkedHashMap<>(card.training());
                training.put("initialisation", initialise(bundle, cfg.init()));
                card = card.withTraining(training);
            }
            Run run = epochs(bundle, p, cfg, listener, progress);
            bundle.network().setBackboneFrozen(false);
            restore(bundle, run.best());
            ModelBundle.roundToStoredPrecision(bundle.network());

            progress.update(0, 0, "calibrating on the validation split");
            Outputs v = validate(bundle, p.val(), p.valLabels(), cfg);
            double temperature = Calibration.fitTemperature(v.logits(), p.valLabels());
            ModelCard calibrated = card.withCalibrationTemperature(temperature);
            // The classifier shares the trained network; closing the outer bundle releases it.
            Classifier classifier = new Classifier(bundle.withCard(calibrated));
            Evaluation test = Evaluator.evaluate(classifier, split.test(), data.classes(), data.positive(), progress);
            // On the float16-rounded weights that are saved, so the description is of the shipped model.
            TrainingDomain domain = DomainFitting.fit(classifier, p.train(), p.val(), fittedOn(data, split), progress);
            progress.checkCancelled();
            ModelCard saved = save(bundle, calibrated, run, test, domain, data, split, name, out);
            return new TrainingOutcome(List.copyOf(run.history()), run.bestEpoch(), run.stoppedEarly(),
                    run.detector().flag(), temperature, test, saved, out);
        }
    }

    /** The decoded training and validation images with their labels. */
    private record Planes(float[][] train, float[][] val, int[] trainLabels, int[] valLabels) {
    }

    /** What the epochs left: their history, the best epoch and its weights, and why they stopped. */
    private record Run(List<EpochStats> history, Map<String, float[]> best, int bestEpoch, boolean stoppedEarly,
                       OverfitDetector detector) {
    }

    /** Mean loss and accuracy over one pass of a split. */
    record LossAccuracy(double loss, double accuracy) {
    }

    /** Trains epoch by epoch, keeping the weights of the lowest validation loss; stops early after patience. */
    private static Run epochs(ModelBundle bundle, Planes p, TrainConfig cfg, EpochListener listener,
                              Progress progress) {
        List<EpochStats> history = new ArrayList<>();
        OverfitDetector detector = new OverfitDetector(cfg.overfitEpochs());
        Map<String, float[]> best = null;
        double bestLoss = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        boolean stoppedEarly = false;
        DefaultTrainingConfig tc = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(optimizer(bundle, cfg));
        try (Trainer trainer = bundle.model().newTrainer(tc)) {
            for (int epoch = 1; epoch <= cfg.epochs(); epoch++) {
                EpochStats stats = epoch(trainer, bundle, p, cfg, epoch, detector, listener, progress);
                history.add(stats);
                if (stats.validationLoss() < bestLoss) {
                    bestLoss = stats.validationLoss();
                    bestEpoch = epoch;
                    best = snapshot(bundle);
                } else if (cfg.patience() > 0 && epoch - bestEpoch >= cfg.patience()) {
                    stoppedEarly = epoch < cfg.epochs();
                    break;
                }
            }
        }
        return new Run(history, best, bestEpoch, stoppedEarly, detector);
    }

    private static Optimizer optimizer(ModelBundle bundle, TrainConfig cfg) {
        if (cfg.init().backboneLrFactor() < 1) {
            return new SplitAdam(cfg.learningRate(), cfg.learningRate() * cfg.init().backboneLrFactor(),
                    cfg.weightDecay(), SplitAdam.ids(bundle.network().backbone().getParameters().values()));
        }
        return Optimizer.adam()
                .optLearningRateTracker(Tracker.fixed((float) cfg.learningRate()))
                .optWeightDecays((float) cfg.weightDecay())
                .build();
    }

    /** One epoch: train, validate, tell the listener. */
    private static EpochStats epoch(Trainer trainer, ModelBundle bundle, Planes p, TrainConfig cfg,
                                    int epoch, OverfitDetector detector, EpochListener listener,
                                    Progress progress) {
        long t0 = System.nanoTime();
        boolean frozen = epoch <= cfg.init().freezeEpochs();
        if (frozen != bundle.network().backboneFrozen()) {
            bundle.network().setBackboneFrozen(frozen);
        }
        LossAccuracy tr = trainEpoch(trainer, bundle, p.train(), p.trainLabels(), cfg, epoch, listener, progress);
        LossAccuracy va = validate(bundle, p.val(), p.valLabels(), cfg).stats();
        Optional<OverfitDetector.Flag> flag = detector.add(tr.loss(), va.loss());
        EpochStats stats = new EpochStats(epoch, tr.loss(), tr.accuracy(), va.loss(), va.accuracy(),
                (System.nanoTime() - t0) / 1_000_000, flag.isPresent());
        listener.onEpoch(stats);
        flag.ifPresent(listener::onOverfitting);
        return stats;
    }

    /** Writes the bundle: the final card, the split manifest, the training-domain description and the report. */
    private static ModelCard save(ModelBundle bundle, ModelCard calibrated, Run run, Evaluation test,
                                  TrainingDomain domain, FolderDataset data, Split split, String name, Path out)
            throws ModelBundleException, IOException {
        Map<String, Object> training = new LinkedHashMap<>(calibrated.training());
        training.put("epochsRun", run.history().size());
        training.put("bestEpoch", run.bestEpoch());
        training.put("stoppedEarly", run.stoppedEarly());
        run.detector().flag().ifPresent(f -> training.put("overfitting", f.toString()));
        byte[] domainJson = domain.toJson();
        training.put(TrainingDomain.CARD_KEY, domain.summary(domainJson));
        ModelCard finalCard = calibrated.withTraining(training).withTestMetrics(Reports.metricsMap(test)).withCreatedNow();
        Map<String, byte[]> extras = new LinkedHashMap<>();
        extras.put(Split.MANIFEST_FILE, Reports.manifest(data, split));
        extras.put(TrainingDomain.FILE, domainJson);
        Reports.files("Test evaluation of " + name, test, run.history(), Map.of("model", name))
                .forEach((file, bytes) -> extras.put("report/" + file, bytes));
        return ModelBundle.save(out, bundle.network(), finalCard, extras);
    }

    private static LossAccuracy trainEpoch(Trainer trainer, ModelBundle bundle, float[][] images,
                                       int[] labels, TrainConfig cfg, int epoch, EpochListener listener,
                                       Progress progress) {
        int n = images.length;
        List<Integer> order = new ArrayList<>(IntStream.range(0, n).boxed().toList());
        Collections.shuffle(order, new Random(cfg.seed() * 7919 + epoch));
        int size = cfg.inputSize();
        int plane = size * size;
        // A last batch of one would break BatchNorm's batch statistics; it waits for the next epoch.
        int batches = n / cfg.batchSize() + (n % cfg.batchSize() >= 2 ? 1 : 0);
        double lossSum = 0;
        int correct = 0;
        int seen = 0;
        for (int b = 0; b < batches; b++) {
            progress.checkCancelled();
            int from = b * cfg.batchSize();
            int count = Math.min(cfg.batchSize(), n - from);
            float[] x = new float[count * plane];
            float[] y = new float[count];
            for (int i = 0; i < count; i++) {
                int idx = order.get(from + i);
                float[] img = images[idx];
                if (!cfg.augmentation().changesNothing()) {
                    img = cfg.augmentation().apply(img, size, new SplittableRandom(cfg.seed() ^ (epoch * 1_000_003L + idx)));
                }
                System.arraycopy(img, 0, x, i * plane, plane);
                y[i] = labels[idx];
            }
            try (NDManager scope = trainer.getManager().newSubManager()) {
                NDArray input = InputTensor.fromPlanes(scope, bundle.card(), x, count);
                NDArray target = scope.create(y);
                float loss;
                float[] logits;
                // One batch's forward and backward pass: the viewer's Grad-CAM may take its turn between two.
                try (GradientScope gc = GradientScope.open()) {
                    NDArray out = trainer.forward(new NDList(input)).singletonOrThrow();
                    NDArray l = trainer.getLoss().evaluate(new NDList(target), new NDList(out));
                    gc.backward(l);
                    loss = l.getFloat();
                    logits = out.toFloatArray();
                }
                if (!Float.isFinite(loss)) {
                    // Stepping would spread the NaN to every weight; nothing trained after this point is usable.
                    throw new TrainingDivergedException("epoch " + epoch + ", batch " + (b + 1) + " training", loss);
                }
                trainer.step();
                lossSum += loss * count;
                correct += countCorrect(logits, y);
                seen += count;
                listener.onBatch(epoch, b + 1, batches, loss);
                progress.update(b + 1, batches, String.format(Locale.ROOT, "epoch %d, loss %.4f", epoch, loss));
            }
        }
        return new LossAccuracy(lossSum / seen, (double) correct / seen);
    }

    /** Logits of a split in inference mode, with its mean loss and accuracy. */
    record Outputs(double[][] logits, double loss, double accuracy) {
        LossAccuracy stats() {
            return new LossAccuracy(loss, accuracy);
        }
    }

    private static Outputs validate(ModelBundle bundle, float[][] images, int[] labels, TrainConfig cfg) {
        EngineBootstrap.inferenceThread();
        int size = cfg.inputSize();
        int plane = size * size;
        int k = bundle.card().classes().size();
        double[][] logits = new double[images.length][];
        double loss = 0;
        int correct = 0;
        int step = 16;
        for (int from = 0; from < images.length; from += step) {
            int count = Math.min(step, images.length - from);
            float[] x = new float[count * plane];
            for (int i = 0; i < count; i++) {
                System.arraycopy(images[from + i], 0, x, i * plane, plane);
            }
            float[] out;
            try (NDManager scope = bundle.model().getNDManager().newSubManager()) {
                NDArray input = InputTensor.fromPlanes(scope, bundle.card(), x, count);
                out = bundle.network().forward(new ParameterStore(scope, false), new NDList(input), false)
                        .singletonOrThrow().toFloatArray();
            }
            for (int i = 0; i < count; i++) {
                double[] row = new double[k];
                for (int c = 0; c < k; c++) {
                    row[c] = out[i * k + c];
                }
                logits[from + i] = row;
                double[] p = Scores.softmax(row, 1);
                loss -= Math.log(Math.max(1e-12, p[labels[from + i]]));
                if (Scores.argMax(row) == labels[from + i]) {
                    correct++;
                }
            }
        }
        if (!Double.isFinite(loss)) {
            throw new TrainingDivergedException("validation", loss);
        }
        return new Outputs(logits, loss / images.length, (double) correct / images.length);
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

    private static Map<String, float[]> snapshot(ModelBundle bundle) {
        Map<String, float[]> copy = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : bundle.network().torchParameters().entrySet()) {
            copy.put(e.getKey(), e.getValue().getArray().toFloatArray());
        }
        return copy;
    }

    private static void restore(ModelBundle bundle, Map<String, float[]> best) {
        if (best == null) {
            return;
        }
        for (Map.Entry<String, Parameter> e : bundle.network().torchParameters().entrySet()) {
            ModelBundle.overwrite(e.getValue().getArray(), best.get(e.getKey()));
        }
    }

    static float[][] planes(List<Sample> samples, int size) {
        return samples.parallelStream().map(s -> {
            try {
                return ModelInput.toTensorData(ImageLoader.load(s.file()), size);
            } catch (ImageLoadException e) {
                // The data set already read every file once; failing now means it changed under us.
                throw new UncheckedIOException(new IOException(e.getMessage(), e));
            }
        }).toArray(float[][]::new);
    }

    private static int[] labels(List<Sample> samples) {
        return samples.stream().mapToInt(Sample::label).toArray();
    }

    private static int countCorrect(float[] logits, float[] y) {
        int k = logits.length / y.length;
        int correct = 0;
        for (int i = 0; i < y.length; i++) {
            if (Scores.argMax(logits, i * k, k) == (int) y[i]) {
                correct++;
            }
        }
        return correct;
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
        if (cfg.init().random()) {
            m.put("initialisation", "random");
        }
        return m;
    }
}
