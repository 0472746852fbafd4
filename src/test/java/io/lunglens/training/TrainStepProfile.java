package io.lunglens.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import io.lunglens.model.Architecture;
import io.lunglens.model.GradientScope;
import io.lunglens.model.InputTensor;
import io.lunglens.model.ModelBundle;
import io.lunglens.model.ModelCard;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** Temporary: times the phases of one training step. Args: SIZE BATCH STEPS. */
public final class TrainStepProfile {

    public static void main(String[] args) {
        int size = Integer.parseInt(args[0]);
        int batch = Integer.parseInt(args[1]);
        int steps = Integer.parseInt(args[2]);
        ModelCard card = ModelCard.draft("p", Architecture.RESNET50_LSTM, size, false);
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
            DefaultTrainingConfig tc = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(adam);
            try (Trainer trainer = bundle.model().newTrainer(tc)) {
                Map<String, double[]> t = new LinkedHashMap<>();
                for (int s = 0; s < steps + 1; s++) {
                    boolean timed = s > 0;
                    long a = System.nanoTime();
                    long ca = cpu();
                    try (NDManager scope = trainer.getManager().newSubManager()) {
                        NDArray input = InputTensor.fromPlanes(scope, card, x, batch, size);
                        NDArray target = scope.create(y);
                        long b = System.nanoTime();
                        long cb = cpu();
                        long c;
                        long cc;
                        long ce;
                        long d;
                        long e;
                        try (GradientScope gc = GradientScope.open()) {
                            NDArray out = trainer.forward(new NDList(input)).singletonOrThrow();
                            c = System.nanoTime();
                            cc = cpu();
                            NDArray l = trainer.getLoss().evaluate(new NDList(target), new NDList(out));
                            d = System.nanoTime();
                            gc.backward(l);
                            e = System.nanoTime();
                            ce = cpu();
                            l.getFloat();
                            out.toFloatArray();
                        }
                        long f = System.nanoTime();
                        long cf = cpu();
                        trainer.step();
                        long g = System.nanoTime();
                        long cg = cpu();
                        scope.close();
                        long h = System.nanoTime();
                        if (timed) {
                            add(t, "input tensor", b - a);
                            add(t, "forward", c - b);
                            add(t, "loss", d - c);
                            add(t, "backward", e - d);
                            add(t, "read back", f - e);
                            add(t, "optimiser step", g - f);
                            add(t, "free scope", h - g);
                            add(t, "whole step", h - a);
                            addCpu(t, "forward", cc - cb);
                            addCpu(t, "backward", ce - cc);
                            addCpu(t, "optimiser step", cg - cf);
                            addCpu(t, "whole step", cpu() - ca);
                        }
                    }
                }
                t.forEach((k, v) -> System.out.printf("%-16s %8.1f ms  cpu %8.1f ms%n", k, v[0] / steps / 1e6,
                        v[1] / steps / 1e6));
                headOnly(bundle, x, y, batch, size, steps);
            }
        }
    }

    private static void headOnly(ModelBundle bundle, float[] x, float[] y, int batch, int size, int steps) {
        double fwdB = 0;
        double head = 0;
        for (int s = 0; s < steps + 1; s++) {
            try (NDManager scope = bundle.model().getNDManager().newSubManager()) {
                ParameterStore ps = new ParameterStore(scope, false);
                NDArray input = InputTensor.fromPlanes(scope, bundle.card(), x, batch, size);
                NDArray feat;
                long a = System.nanoTime();
                try (GradientScope gc = GradientScope.open()) {
                    feat = bundle.network().backbone().forward(ps, new NDList(input), true).singletonOrThrow();
                }
                long b = System.nanoTime();
                NDArray leaf = feat.duplicate();
                leaf.setRequiresGradient(true);
                long c = System.nanoTime();
                try (GradientScope gc = GradientScope.open()) {
                    NDArray out = bundle.network().head().forward(ps, new NDList(leaf), true).singletonOrThrow();
                    NDArray l = Loss.softmaxCrossEntropyLoss().evaluate(new NDList(scope.create(y)), new NDList(out));
                    gc.backward(l);
                }
                long d = System.nanoTime();
                if (s > 0) {
                    fwdB += b - a;
                    head += d - c;
                }
            }
        }
        System.out.printf("%-16s %8.1f ms%n", "backbone fwd(tr)", fwdB / steps / 1e6);
        System.out.printf("%-16s %8.1f ms%n", "head fwd+bwd", head / steps / 1e6);
    }

    private static void add(Map<String, double[]> t, String k, long ns) {
        t.computeIfAbsent(k, q -> new double[2])[0] += ns;
    }

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    static long cpu() {
        return OS.getProcessCpuTime();
    }

    private static void addCpu(Map<String, double[]> t, String k, long ns) {
        t.computeIfAbsent(k, q -> new double[2])[1] += ns;
    }
}
