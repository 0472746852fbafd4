package io.lunglens.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** Small helpers shared by the network's blocks. */
final class Layers {

    /** BatchNorm's epsilon, as torch's. */
    static final float BN_EPSILON = 1e-5f;

    private Layers() {
    }

    static Conv2d conv(int filters, int kernel, int stride, int padding) {
        return Conv2d.builder()
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(padding, padding))
                .setFilters(filters)
                .optBias(false)
                .build();
    }

    static BatchNorm batchNorm() {
        // DJL's momentum 0.9 is torch's 0.1; epsilon 1e-5 in both.
        return BatchNorm.builder().optEpsilon(BN_EPSILON).optMomentum(0.9f).build();
    }

    /** Initialises a child and returns its output shapes, so parents can chain shapes through their children. */
    static Shape[] init(Block block, NDManager manager, DataType type, Shape... in) {
        block.initialize(manager, type, in);
        return block.getOutputShapes(in);
    }

    static NDArray run(Block block, ParameterStore ps, NDArray x, boolean training, PairList<String, Object> params) {
        return block.forward(ps, new NDList(x), training, params).singletonOrThrow();
    }

    /**
     * Runs block on an intermediate result and frees that result. Arrays otherwise live until their NDManager
     * closes, so a batch-8 ResNet50 pass would hold all its activations (over 1 GB) at once. Autograd keeps its own
     * references to what backward needs, so freeing the Java handle is safe while training too.
     */
    static NDArray consume(Block block, ParameterStore ps, NDArray x, boolean training,
                           PairList<String, Object> params) {
        NDArray y = run(block, ps, x, training, params);
        x.close();
        return y;
    }

    /** Every stride-th pixel of (N,C,H,W), from the first: what a 1×1 convolution at that stride reads. */
    static NDArray subsample(NDArray x, int stride) {
        return x.get(":, :, ::" + stride + ", ::" + stride);
    }

    /** relu of an intermediate result, freeing it. */
    static NDArray relu(NDArray x) {
        NDArray y = Activation.relu(x);
        x.close();
        return y;
    }
}
