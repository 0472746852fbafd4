package io.lunglens.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.optimizer.Optimizer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Adam whose state can be saved and restored, so a resumed run steps exactly as an uninterrupted one: DJL's own
 * Adam keeps its moments private. Same arithmetic as DJL's (the engine's fused adam update, bias correction folded
 * into the step size, the step count being the most updates any parameter of its group has had), with the
 * backbone as a group of its own when it learns at its own rate, as it was with one DJL Adam per group.
 */
final class Adam extends Optimizer {

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;

    private final Function<String, Double> learningRate;
    private final Function<String, String> group;
    /** Parameter id to its stable (torch) name: ids change with every network built, names do not. */
    private final Map<String, String> names;
    private final Map<String, NDArray> means = new ConcurrentHashMap<>();
    private final Map<String, NDArray> variances = new ConcurrentHashMap<>();
    private final Map<String, Integer> counts = new ConcurrentHashMap<>();
    /** The step count per group, the t of the bias correction. */
    private final Map<String, Integer> steps = new ConcurrentHashMap<>();
    private State restored;

    /**
     * @param learningRate the step size of a parameter, by its id
     * @param group        the group of a parameter, by its id: parameters of a group share their step count
     * @param names        every trainable parameter's id to its name
     */
    Adam(Function<String, Double> learningRate, Function<String, String> group, double weightDecay,
         Map<String, String> names) {
        super(new Builder().optWeightDecays((float) weightDecay));
        this.learningRate = learningRate;
        this.group = group;
        this.names = Map.copyOf(names);
    }

    /**
     * The moments and step counts by parameter name: what a checkpoint keeps. The moments of {@link #state()} are
     * read when asked for (a checkpoint copies one at a time), so take them before the next step.
     */
    record State(Map<String, Supplier<float[]>> means, Map<String, Supplier<float[]>> variances,
                 Map<String, Integer> counts, Map<String, Integer> steps) {
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        String name = names.getOrDefault(parameterId, parameterId);
        int t = steps.merge(group.apply(parameterId), counts.merge(name, 1, Integer::sum), Math::max);
        float lr = learningRate.apply(parameterId).floatValue();
        float corrected = (float) (lr * Math.sqrt(1 - Math.pow(BETA2, t)) / (1 - Math.pow(BETA1, t)));
        NDList inputs = new NDList(weight, grad, moment(means, name, weight, true), moment(variances, name, weight, false));
        weight.getNDArrayInternal().adamUpdate(inputs, new NDList(weight), lr, corrected, getWeightDecay(), rescaleGrad,
                clipGrad, BETA1, BETA2, EPSILON, true, false);
    }

    /** The parameter's moment, from a restored state the first time it is needed, else zeros. */
    private NDArray moment(Map<String, NDArray> m, String name, NDArray weight, boolean mean) {
        return m.computeIfAbsent(name, k -> {
            Supplier<float[]> saved = restored == null ? null : (mean ? restored.means() : restored.variances()).get(k);
            return saved == null ? weight.zerosLike() : weight.getManager().create(saved.get(), weight.getShape());
        });
    }

    /** The state, each moment copied out when asked for (one at a time, as a checkpoint writes them). Between steps. */
    State state() {
        Map<String, Supplier<float[]>> m = new LinkedHashMap<>();
        Map<String, Supplier<float[]>> v = new LinkedHashMap<>();
        means.forEach((k, a) -> m.put(k, a::toFloatArray));
        variances.forEach((k, a) -> v.put(k, a::toFloatArray));
        if (restored != null) {
            // Moments restored but not yet used (a parameter frozen since) are still part of the state.
            restored.means().forEach(m::putIfAbsent);
            restored.variances().forEach(v::putIfAbsent);
        }
        return new State(m, v, Map.copyOf(counts), Map.copyOf(steps));
    }

    /** Continues from a saved state; before the first step. The moments are copied now, whatever their source. */
    void restore(State s) {
        restored = new State(copied(s.means()), copied(s.variances()), Map.copyOf(s.counts()), Map.copyOf(s.steps()));
        counts.putAll(s.counts());
        steps.putAll(s.steps());
    }

    private static Map<String, Supplier<float[]>> copied(Map<String, Supplier<float[]>> m) {
        Map<String, Supplier<float[]>> out = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            float[] a = v.get();
            out.put(k, () -> a);
        });
        return out;
    }

    private static final class Builder extends OptimizerBuilder<Builder> {
        @Override
        protected Builder self() {
            return this;
        }
    }
}
