package io.lunglens.training;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.HashSet;
import java.util.Set;

/** Adam with one learning rate for the backbone and another for the head: DJL's optimizers take only one. */
final class SplitAdam extends Optimizer {

    private final Optimizer backbone;
    private final Optimizer head;
    private final Set<String> backboneIds;

    SplitAdam(double headLr, double backboneLr, double weightDecay, Set<String> backboneIds) {
        super(new Builder().optWeightDecays((float) weightDecay));
        this.backbone = adam(backboneLr, weightDecay);
        this.head = adam(headLr, weightDecay);
        this.backboneIds = Set.copyOf(backboneIds);
    }

    static Set<String> ids(Iterable<Parameter> params) {
        HashSet<String> ids = new HashSet<>();
        params.forEach(p -> ids.add(p.getId()));
        return ids;
    }

    private static Optimizer adam(double lr, double weightDecay) {
        return Optimizer.adam().optLearningRateTracker(Tracker.fixed((float) lr)).optWeightDecays((float) weightDecay)
                .build();
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        (backboneIds.contains(parameterId) ? backbone : head).update(parameterId, weight, grad);
    }

    private static final class Builder extends OptimizerBuilder<Builder> {
        @Override
        protected Builder self() {
            return this;
        }
    }
}
