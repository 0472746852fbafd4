package io.lunglens.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The backbone for inference only: each BatchNorm folded into the convolution before it (weight·s, bias β − μ·s,
 * s = γ/√(σ² + ε)), run as plain libtorch calls, on channels-last arrays where oneDNN allows. It gives
 * {@link ResNetBackbone#forwardPooled}'s outputs from a copy of the weights taken when folded; training keeps the
 * unfolded blocks, whose batch statistics it needs. The pass mirrors torchvision's ResNet, as ResNetBackbone does.
 */
final class FoldedBackbone implements AutoCloseable {

    private static final Shape ONE = new Shape(1, 1);

    private final NDManager manager;
    private final Conv stem;
    private final List<List<Unit>> stages;
    private final boolean nhwc;

    private FoldedBackbone(NDManager manager, Conv stem, List<List<Unit>> stages, boolean nhwc) {
        this.manager = manager;
        this.stem = stem;
        this.stages = stages;
        this.nhwc = nhwc;
    }

    /**
     * Folds the backbone's current weights into new arrays owned by a sub-manager of parent; nhwc false keeps torch's
     * default layout (where oneDNN cannot take channels-last, {@link OneDnnIsa#channelsLastSafe}).
     */
    static FoldedBackbone fold(ResNetBackbone backbone, NDManager parent, boolean nhwc) {
        EngineBootstrap.inferenceThread();
        NDManager manager = parent.newSubManager();
        try {
            List<Conv> top = foldPairs(backbone, manager, nhwc);
            List<List<Unit>> stages = new ArrayList<>();
            for (Block stage : children(backbone)) {
                List<Unit> units = new ArrayList<>();
                for (Block bottleneck : children(stage)) {
                    List<Conv> c = foldPairs(bottleneck, manager, nhwc);
                    Conv down = null;
                    for (Block child : children(bottleneck)) {
                        if (child instanceof Stage) {
                            down = foldPairs(child, manager, nhwc).get(0);
                        }
                    }
                    // The unfolded shortcut samples, then convolves at stride 1 (a training-only oneDNN fault);
                    // forward only, the folded one convolves at the block's stride: the same values in one call.
                    Conv shortcut = down == null ? null : down.strided(c.get(1).stride());
                    units.add(new Unit(c.get(0), c.get(1), c.get(2), shortcut));
                }
                if (!units.isEmpty()) {
                    stages.add(units);
                }
            }
            return new FoldedBackbone(manager, top.get(0), stages, nhwc);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** As {@link ResNetBackbone#forwardPooled}: [feature map, every stage's average-pooled output side by side]. */
    NDList forwardPooled(NDArray input) {
        NDArray in = nhwc ? channelsLast(input) : input;
        NDArray x = relu(stem.apply(in));
        if (in != input) {
            in.close();
        }
        NDArray p = Pool.maxPool2d(x, new Shape(3, 3), new Shape(2, 2), ONE, false);
        x.close();
        x = p;
        NDList pooled = new NDList();
        for (List<Unit> stage : stages) {
            for (Unit u : stage) {
                NDArray y = u.apply(x);
                x.close();
                x = y;
            }
            // One axis at a time: DJL's mean takes a single axis.
            try (NDArray rows = x.mean(new int[] {3})) {
                pooled.add(rows.mean(new int[] {2}));
            }
        }
        return new NDList(x, NDArrays.concat(pooled, 1));
    }

    /**
     * The same values stored channel by channel per pixel (torch's channels_last: NHWC memory behind NCHW indices).
     * oneDNN then runs every convolution on it in place, without converting to and from its blocked layout.
     * permute makes a view; reshaping that view to a shape it cannot view copies it in NHWC order.
     */
    private static NDArray channelsLast(NDArray x) {
        Shape s = x.getShape();
        try (NDArray nhwc = x.transpose(0, 2, 3, 1); NDArray flat = nhwc.reshape(s.get(0), -1)) {
            NDArray back = flat.reshape(s.get(0), s.get(2), s.get(3), s.get(1));
            NDArray out = back.transpose(0, 3, 1, 2);
            back.close();
            return out;
        }
    }

    @Override
    public void close() {
        manager.close();
    }

    /** Folds each Conv2d child of parent with the BatchNorm child that follows it, in order. */
    private static List<Conv> foldPairs(Block parent, NDManager manager, boolean nhwc) {
        List<Conv> out = new ArrayList<>();
        Conv2d conv = null;
        for (Block child : children(parent)) {
            if (child instanceof Conv2d c) {
                conv = c;
            } else if (child instanceof BatchNorm bn && conv != null) {
                out.add(Conv.fold(conv, bn, manager, nhwc));
                conv = null;
            }
        }
        return out;
    }

    private static List<Block> children(Block parent) {
        return parent.getChildren().values();
    }

    private static Map<Parameter.Type, NDArray> copies(Block block, NDManager scope) {
        Map<Parameter.Type, NDArray> out = new EnumMap<>(Parameter.Type.class);
        for (Pair<String, Parameter> p : block.getDirectParameters()) {
            NDArray copy = p.getValue().getArray().toType(DataType.FLOAT32, true);
            copy.attach(scope);
            out.put(p.getValue().getType(), copy);
        }
        return out;
    }

    private static NDArray relu(NDArray x) {
        NDArray y = Activation.relu(x);
        x.close();
        return y;
    }

    /** A convolution with its BatchNorm folded in. */
    private record Conv(NDArray weight, NDArray bias, Shape stride, Shape padding) {

        Conv strided(Shape s) {
            return new Conv(weight, bias, s, padding);
        }

        static Conv fold(Conv2d conv, BatchNorm bn, NDManager manager, boolean nhwc) {
            // Work on copies in a scope: results of array ops join their operands' manager (the model's).
            try (NDManager scope = manager.newSubManager()) {
                Map<Parameter.Type, NDArray> b = copies(bn, scope);
                NDArray w = copies(conv, scope).get(Parameter.Type.WEIGHT);
                NDArray scale = b.get(Parameter.Type.GAMMA).div(b.get(Parameter.Type.RUNNING_VAR)
                        .add(Layers.BN_EPSILON).sqrt());
                NDArray folded = w.mul(scale.reshape(-1, 1, 1, 1));
                NDArray weight = nhwc ? channelsLast(folded) : folded;
                NDArray bias = b.get(Parameter.Type.BETA).sub(b.get(Parameter.Type.RUNNING_MEAN).mul(scale));
                weight.attach(manager);
                bias.attach(manager);
                return new Conv(weight, bias, conv.getStride(), conv.getPadding());
            }
        }

        NDArray apply(NDArray x) {
            return Conv2d.conv2d(x, weight, bias, stride, padding, ONE, 1).singletonOrThrow();
        }
    }

    /** A bottleneck: three folded convolutions and, where the shape changes, a folded projection of the input. */
    private record Unit(Conv c1, Conv c2, Conv c3, Conv down) {

        NDArray apply(NDArray x) {
            NDArray a = relu(c1.apply(x));
            NDArray b = relu(c2.apply(a));
            a.close();
            NDArray sum = c3.apply(b);
            b.close();
            if (down == null) {
                sum.addi(x);
            } else {
                try (NDArray identity = down.apply(x)) {
                    sum.addi(identity);
                }
            }
            return relu(sum);
        }
    }
}
