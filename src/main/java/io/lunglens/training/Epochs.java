package io.lunglens.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import io.lunglens.model.EngineBootstrap;
import io.lunglens.model.GradientScope;
import io.lunglens.model.InputTensor;
import io.lunglens.model.ModelBundle;
import io.lunglens.model.Scores;
import io.lunglens.task.Progress;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * The epochs of a training run: each streams its images from {@link InputPlanes} (decoded ahead on a background
 * pool, a few batches at most), trains, validates, and writes a checkpoint to the run folder before it tells the
 * listener, so an epoch reported is an epoch a resumed run keeps.
 */
final class Epochs {

    static final int VALIDATION_BATCH = 16;

    private final ModelBundle bundle;
    private final TrainConfig cfg;
    private final Prefetch pre;
    private final InputPlanes planes;
    private final Path runDir;

    Epochs(ModelBundle bundle, TrainConfig cfg, Prefetch pre, InputPlanes planes, Path runDir) {
        this.bundle = bundle;
        this.cfg = cfg;
        this.pre = pre;
        this.planes = planes;
        this.runDir = runDir;
    }

    /** What the epochs left: their history, the best epoch and its weights, and why they stopped. */
    record Run(List<EpochStats> history, Map<String, float[]> best, int bestEpoch, boolean stoppedEarly,
               OverfitDetector detector) {
    }

    /** Mean loss and accuracy over one pass of a split. */
    record LossAccuracy(double loss, double accuracy) {
    }

    /** Logits of a split in inference mode, with its mean loss and accuracy. */
    record Outputs(double[][] logits, double loss, double accuracy) {
        LossAccuracy stats() {
            return new LossAccuracy(loss, accuracy);
        }
    }

    /**
     * Trains from the checkpoint (or from the start), keeping the weights of the lowest validation loss; stops early
     * after patience. Epochs already in the checkpoint are told to the listener again, so a chart shows them.
     */
    Run run(Split split, Optional<RunFolder.Checkpoint> from, EpochListener listener, Progress progress)
            throws IOException {
        State s = new State(cfg.overfitEpochs());
        Adam adam = adam();
        if (from.isPresent()) {
            s.resume(from.get(), listener);
            restore(bundle, from.get().weights());
            adam.restore(from.get().adam());
        }
        DefaultTrainingConfig tc = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(adam);
        try (Trainer trainer = bundle.model().newTrainer(tc)) {
            for (int epoch = s.history.size() + 1; epoch <= cfg.epochs() && !s.done; epoch++) {
                EpochStats stats = epoch(trainer, split, epoch, s.detector, listener, progress);
                s.add(stats, bundle, cfg);
                RunFolder.save(runDir, new RunFolder.Checkpoint(epoch, List.copyOf(s.history), s.bestEpoch, s.bestLoss,
                        s.stoppedEarly, s.done, live(bundle), s.best, adam.state()));
                listener.onEpoch(stats);
                if (stats.overfitting()) {
                    s.detector.flag().ifPresent(listener::onOverfitting);
                }
            }
        }
        return new Run(s.history, s.best, s.bestEpoch, s.stoppedEarly, s.detector);
    }

    /** The running state of the epochs; what a checkpoint holds besides the arrays. */
    private static final class State {
        final List<EpochStats> history = new ArrayList<>();
        final OverfitDetector detector;
        Map<String, float[]> best;
        double bestLoss = Double.POSITIVE_INFINITY;
        int bestEpoch;
        boolean stoppedEarly;
        boolean done;

        State(int overfitEpochs) {
            detector = new OverfitDetector(overfitEpochs);
        }

        void add(EpochStats stats, ModelBundle bundle, TrainConfig cfg) {
            history.add(stats);
            int epoch = stats.epoch();
            if (stats.validationLoss() < bestLoss) {
                bestLoss = stats.validationLoss();
                bestEpoch = epoch;
                best = snapshot(bundle);
            } else if (cfg.patience() > 0 && epoch - bestEpoch >= cfg.patience()) {
                stoppedEarly = epoch < cfg.epochs();
                done = true;
            }
            done |= epoch >= cfg.epochs();
        }

        /** Takes the checkpoint's state, replaying its losses into the detector and its epochs to the listener. */
        void resume(RunFolder.Checkpoint c, EpochListener listener) {
            for (EpochStats e : c.history()) {
                history.add(e);
                Optional<OverfitDetector.Flag> flag = detector.add(e.trainLoss(), e.validationLoss());
                listener.onEpoch(e);
                flag.ifPresent(listener::onOverfitting);
            }
            best = c.best();
            bestLoss = c.bestLoss();
            bestEpoch = c.bestEpoch();
            stoppedEarly = c.stoppedEarly();
            done = c.done();
        }
    }

    /** Adam, with the backbone at its own rate (and its own step count) when the start bundle asks for one. */
    private Adam adam() {
        Map<String, String> names = new HashMap<>();
        bundle.network().torchParameters().forEach((name, p) -> names.put(p.getId(), name));
        Set<String> backbone = new HashSet<>();
        bundle.network().backbone().getParameters().values().forEach(p -> backbone.add(p.getId()));
        double head = cfg.learningRate();
        double slow = cfg.learningRate() * cfg.init().backboneLrFactor();
        boolean split = cfg.init().backboneLrFactor() < 1;
        return new Adam(id -> backbone.contains(id) ? slow : head,
                id -> split && backbone.contains(id) ? "backbone" : "network", cfg.weightDecay(), names);
    }

    /** One epoch: train, then validate. */
    private EpochStats epoch(Trainer trainer, Split split, int epoch, OverfitDetector detector, EpochListener listener,
                             Progress progress) {
        long t0 = System.nanoTime();
        boolean frozen = epoch <= cfg.init().freezeEpochs();
        if (frozen != bundle.network().backboneFrozen()) {
            bundle.network().setBackboneFrozen(frozen);
        }
        LossAccuracy tr = trainEpoch(trainer, split.train(), epoch, listener, progress);
        LossAccuracy va = validate(split.validation(), progress).stats();
        Optional<OverfitDetector.Flag> flag = detector.add(tr.loss(), va.loss());
        return new EpochStats(epoch, tr.loss(), tr.accuracy(), va.loss(), va.accuracy(),
                (System.nanoTime() - t0) / 1_000_000, flag.isPresent());
    }

    /** The epoch's images in its seeded order, augmented with a seed per (epoch, image), made ahead of the network. */
    private Iterator<float[]> images(List<Sample> train, List<Integer> order, int used, int epoch) {
        int size = cfg.sizeAt(epoch);
        return pre.map(used, i -> {
            int idx = order.get(i);
            float[] img = planes.plane(train.get(idx), size);
            if (!cfg.augmentation().changesNothing()) {
                img = cfg.augmentation().apply(img, size, new SplittableRandom(cfg.seed() ^ (epoch * 1_000_003L + idx)));
            }
            return img;
        }, 2 * cfg.batchSize());
    }

    private LossAccuracy trainEpoch(Trainer trainer, List<Sample> train, int epoch, EpochListener listener,
                                    Progress progress) {
        int n = train.size();
        List<Integer> order = new ArrayList<>(IntStream.range(0, n).boxed().toList());
        Collections.shuffle(order, new Random(cfg.seed() * 7919 + epoch));
        int size = cfg.sizeAt(epoch);
        int plane = size * size;
        int batches = TrainingEstimate.stepsPerEpoch(n, cfg.batchSize());
        Iterator<float[]> images = images(train, order, Math.min(n, batches * cfg.batchSize()), epoch);
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
                System.arraycopy(images.next(), 0, x, i * plane, plane);
                y[i] = train.get(order.get(from + i)).label();
            }
            float[] out = step(trainer, x, y, size, epoch, b);
            lossSum += out[0] * count;
            correct += (int) out[1];
            seen += count;
            listener.onBatch(epoch, b + 1, batches, out[0]);
            progress.update(b + 1, batches, String.format(Locale.ROOT, "epoch %d, loss %.4f", epoch, out[0]));
        }
        return new LossAccuracy(lossSum / seen, (double) correct / seen);
    }

    /** One batch's forward and backward pass and step; returns its loss and how many it got right. */
    private float[] step(Trainer trainer, float[] x, float[] y, int size, int epoch, int b) {
        try (NDManager scope = trainer.getManager().newSubManager()) {
            NDArray input = InputTensor.fromPlanes(scope, bundle.card(), x, y.length, size);
            NDArray target = scope.create(y);
            float loss;
            float[] logits;
            // The viewer's Grad-CAM may take its turn between two batches.
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
            return new float[] {loss, countCorrect(logits, y)};
        }
    }

    /** Logits of a split in inference mode, streamed in batches, with its mean loss and accuracy. */
    Outputs validate(List<Sample> samples, Progress progress) {
        EngineBootstrap.inferenceThread();
        int size = cfg.inputSize();
        int k = bundle.card().classes().size();
        double[][] logits = new double[samples.size()][];
        double loss = 0;
        int correct = 0;
        Iterator<float[]> images = pre.map(samples.size(), i -> planes.plane(samples.get(i), size), 2 * VALIDATION_BATCH);
        for (int from = 0; from < samples.size(); from += VALIDATION_BATCH) {
            progress.checkCancelled();
            int count = Math.min(VALIDATION_BATCH, samples.size() - from);
            float[] out = forward(images, count);
            for (int i = 0; i < count; i++) {
                double[] row = new double[k];
                for (int c = 0; c < k; c++) {
                    row[c] = out[i * k + c];
                }
                int label = samples.get(from + i).label();
                logits[from + i] = row;
                loss -= Math.log(Math.max(1e-12, Scores.softmax(row, 1)[label]));
                correct += Scores.argMax(row) == label ? 1 : 0;
            }
        }
        if (!Double.isFinite(loss)) {
            throw new TrainingDivergedException("validation", loss);
        }
        return new Outputs(logits, loss / samples.size(), (double) correct / samples.size());
    }

    private float[] forward(Iterator<float[]> images, int count) {
        int plane = cfg.inputSize() * cfg.inputSize();
        float[] x = new float[count * plane];
        for (int i = 0; i < count; i++) {
            System.arraycopy(images.next(), 0, x, i * plane, plane);
        }
        try (NDManager scope = bundle.model().getNDManager().newSubManager()) {
            NDArray input = InputTensor.fromPlanes(scope, bundle.card(), x, count);
            return bundle.network().forward(new ParameterStore(scope, false), new NDList(input), false)
                    .singletonOrThrow().toFloatArray();
        }
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

    static Map<String, float[]> snapshot(ModelBundle bundle) {
        Map<String, float[]> copy = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : bundle.network().torchParameters().entrySet()) {
            copy.put(e.getKey(), e.getValue().getArray().toFloatArray());
        }
        return copy;
    }

    /** The network's weights, each copied out when asked for. */
    private static Map<String, Supplier<float[]>> live(ModelBundle bundle) {
        Map<String, Supplier<float[]>> out = new LinkedHashMap<>();
        bundle.network().torchParameters().forEach((k, p) -> out.put(k, () -> p.getArray().toFloatArray()));
        return out;
    }

    private static void restore(ModelBundle bundle, Map<String, Supplier<float[]>> weights) {
        for (Map.Entry<String, Parameter> e : bundle.network().torchParameters().entrySet()) {
            ModelBundle.overwrite(e.getValue().getArray(), weights.get(e.getKey()).get());
        }
    }

    static void restoreBest(ModelBundle bundle, Map<String, float[]> weights) {
        if (weights == null) {
            return;
        }
        for (Map.Entry<String, Parameter> e : bundle.network().torchParameters().entrySet()) {
            ModelBundle.overwrite(e.getValue().getArray(), weights.get(e.getKey()));
        }
    }
}
