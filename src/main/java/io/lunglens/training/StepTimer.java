package io.lunglens.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.lunglens.model.Architecture;
import io.lunglens.model.EngineBootstrap;
import io.lunglens.model.GradientScope;
import io.lunglens.model.InputTensor;
import io.lunglens.model.ModelBundle;
import io.lunglens.model.ModelCard;
import io.lunglens.task.Progress;
import java.util.SplittableRandom;

/**
 * Measures, on this machine, what a training run's time is made of: one training step (forward, backward, Adam
 * update) of a given network, input size and batch, and one image's inference forward pass. A fresh network on
 * random input: the time of a step does not depend on the weights or the pixels.
 */
public final class StepTimer {

    /** Untimed steps first: the first calls pick and warm libtorch's kernels. */
    private static final int WARM_UP = 1;
    private static final int TIMED = 2;

    /**
     * @param stepSeconds            one training step of the batch
     * @param forwardSecondsPerImage one image through the network in inference mode, as validation and evaluation
     *                               run it
     */
    public record StepTime(double stepSeconds, double forwardSecondsPerImage) {
    }

    private StepTimer() {
    }

    /** Builds the network and times it; checks for cancellation between steps. */
    public static StepTime measure(String architecture, int inputSize, int batchSize, Progress progress) {
        ModelCard card = ModelCard.draft("step-timer", Architecture.byName(architecture), inputSize, false);
        float[] planes = new float[batchSize * inputSize * inputSize];
        SplittableRandom rnd = new SplittableRandom(1);
        for (int i = 0; i < planes.length; i++) {
            planes[i] = (float) rnd.nextDouble();
        }
        float[] labels = new float[batchSize];
        for (int i = 0; i < batchSize; i++) {
            labels[i] = i % 2;
        }
        DefaultTrainingConfig tc = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-4f)).build());
        try (ModelBundle bundle = ModelBundle.fresh(card); Trainer trainer = bundle.model().newTrainer(tc)) {
            long total = 0;
            for (int s = 0; s < WARM_UP + TIMED; s++) {
                progress.checkCancelled();
                long t0 = System.nanoTime();
                step(trainer, card, planes, labels);
                if (s >= WARM_UP) {
                    total += System.nanoTime() - t0;
                }
            }
            progress.checkCancelled();
            double forward = forwardSeconds(bundle, planes, batchSize) / batchSize;
            return new StepTime(total / 1e9 / TIMED, forward);
        }
    }

    /** One forward, backward and update, as {@link BundleTrainer} does it. */
    private static void step(Trainer trainer, ModelCard card, float[] planes, float[] labels) {
        try (NDManager scope = trainer.getManager().newSubManager()) {
            NDArray input = InputTensor.fromPlanes(scope, card, planes, labels.length);
            try (GradientScope gc = GradientScope.open()) {
                NDArray out = trainer.forward(new NDList(input)).singletonOrThrow();
                gc.backward(trainer.getLoss().evaluate(new NDList(scope.create(labels)), new NDList(out)));
            }
            trainer.step();
        }
    }

    /** The batch through the network in inference mode; the second of two passes, the first warming it. */
    private static double forwardSeconds(ModelBundle bundle, float[] planes, int n) {
        EngineBootstrap.inferenceThread();
        long elapsed = 0;
        for (int i = 0; i < 2; i++) {
            try (NDManager scope = bundle.model().getNDManager().newSubManager()) {
                long t0 = System.nanoTime();
                NDArray input = InputTensor.fromPlanes(scope, bundle.card(), planes, n);
                bundle.network().forward(new ParameterStore(scope, false), new NDList(input), false)
                        .singletonOrThrow().toFloatArray();
                elapsed = System.nanoTime() - t0;
            }
        }
        return elapsed / 1e9;
    }
}
