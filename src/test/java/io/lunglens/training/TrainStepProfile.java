package io.lunglens.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.pytorch.jni.JniUtils;
import io.lunglens.model.Architecture;
import io.lunglens.model.GradientScope;
import io.lunglens.model.InputTensor;
import io.lunglens.model.ModelBundle;
import io.lunglens.model.ModelCard;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Where a training step's time goes (bench/train-profile.sh): the phases of {@link Epochs}'s step on the
 * ResNet50-LSTM with our Adam, each as wall and process CPU milliseconds (CPU time, because the machine is shared:
 * wall time there says more about the neighbours than about the step), then the LSTM head's forward and backward
 * alone. Args: SIZE BATCH STEPS [--no-head]. One untimed step first. With -Dprofile.trace=FILE, one more step
 * under libtorch's operator profiler.
 */
public final class TrainStepProfile {

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final Map<String, long[]> sums = new LinkedHashMap<>();
    private long wall;
    private long cpu;

    private TrainStepProfile() {
    }

    public static void main(String[] args) {
        int size = Integer.parseInt(args[0]);
        int batch = Integer.parseInt(args[1]);
        int steps = Integer.parseInt(args[2]);
        ModelCard card = ModelCard.draft("profile", Architecture.RESNET50_LSTM, size, false);
        float[] x = new float[batch * size * size];
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextDouble();
        }
        float[] y = new float[batch];
        for (int i = 0; i < batch; i++) {
            y[i] = i % 2;
        }
        try (ModelBundle bundle = ModelBundle.fresh(card)) {
            Map<String, String> names = new HashMap<>();
            bundle.network().torchParameters().forEach((n, p) -> names.put(p.getId(), n));
            Adam adam = new Adam(id -> 3e-4, id -> "network", 1e-5, names);
            TrainStepProfile steady = new TrainStepProfile();
            TrainStepProfile warmUp = new TrainStepProfile();
            try (Trainer trainer = bundle.model().newTrainer(
                    new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(adam))) {
                for (int s = 0; s <= steps; s++) {
                    (s == 0 ? warmUp : steady).step(trainer, card, x, y, size);
                }
                String trace = System.getProperty("profile.trace");
                if (trace != null) {
                    // libtorch's own operator profiler over one more step: a Chrome trace, one event per op.
                    JniUtils.startProfile(false, false, false);
                    warmUp.step(trainer, card, x, y, size);
                    JniUtils.stopProfile(trace);
                }
            }
            if (args.length < 4 || !args[3].equals("--no-head")) {
                for (int s = 0; s <= steps; s++) {
                    (s == 0 ? warmUp : steady).head(bundle, x, y, size);
                }
            }
            steady.sums.forEach((k, v) -> System.out.printf("%-18s wall %8.1f ms  cpu %8.1f ms%n", k,
                    v[0] / 1e6 / steps, v[1] / 1e6 / steps));
        }
    }

    /** As {@link Epochs}'s step, with a mark after each phase. */
    private void step(Trainer trainer, ModelCard card, float[] x, float[] y, int size) {
        start();
        try (NDManager scope = trainer.getManager().newSubManager()) {
            NDArray input = InputTensor.fromPlanes(scope, card, x, y.length, size);
            NDArray target = scope.create(y);
            mark("input tensor");
            try (GradientScope gc = GradientScope.open()) {
                NDArray out = trainer.forward(new NDList(input)).singletonOrThrow();
                mark("forward");
                NDArray l = trainer.getLoss().evaluate(new NDList(target), new NDList(out));
                mark("loss");
                gc.backward(l);
                mark("backward");
                l.getFloat();
                out.toFloatArray();
                mark("read back");
            }
            trainer.step();
            mark("optimiser step");
        }
        mark("free the step's arrays");
    }

    /** The LSTM head alone: forward and backward from a feature map made outside the timing. */
    private void head(ModelBundle bundle, float[] x, float[] y, int size) {
        try (NDManager scope = bundle.model().getNDManager().newSubManager()) {
            ParameterStore ps = new ParameterStore(scope, false);
            NDArray input = InputTensor.fromPlanes(scope, bundle.card(), x, y.length, size);
            NDArray features = bundle.network().backbone().forward(ps, new NDList(input), false).singletonOrThrow();
            features.setRequiresGradient(true);
            start();
            try (GradientScope gc = GradientScope.open()) {
                NDArray out = bundle.network().head().forward(ps, new NDList(features), true).singletonOrThrow();
                gc.backward(Loss.softmaxCrossEntropyLoss().evaluate(new NDList(scope.create(y)), new NDList(out)));
            }
            mark("LSTM head fwd+bwd");
        }
    }

    private void start() {
        wall = System.nanoTime();
        cpu = OS.getProcessCpuTime();
    }

    private void mark(String phase) {
        long w = System.nanoTime();
        long c = OS.getProcessCpuTime();
        long[] s = sums.computeIfAbsent(phase, k -> new long[2]);
        s[0] += w - wall;
        s[1] += c - cpu;
        wall = w;
        cpu = c;
    }
}
