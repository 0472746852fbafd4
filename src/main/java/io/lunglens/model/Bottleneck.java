package io.lunglens.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;

/**
 * torchvision's Bottleneck (ResNet v1.5: the stride sits on the 3×3 convolution). The strided shortcut samples
 * every stride-th pixel and then runs its 1×1 convolution at stride 1: the same arithmetic as a strided 1×1
 * convolution, but oneDNN's AVX2/AVX-512 backward-data kernel for a strided 1×1 convolution divides by zero on a
 * machine that hides its cache sizes (see {@link OneDnnIsa}).
 */
final class Bottleneck extends AbstractBlock {

    private final Block conv1;
    private final Block bn1;
    private final Block conv2;
    private final Block bn2;
    private final Block conv3;
    private final Block bn3;
    private final Block downsample;
    private final int stride;

    Bottleneck(int inChannels, int planes, int stride) {
        int out = planes * Architecture.EXPANSION;
        this.stride = stride;
        conv1 = addChildBlock("conv1", Layers.conv(planes, 1, 1, 0));
        bn1 = addChildBlock("bn1", Layers.batchNorm());
        conv2 = addChildBlock("conv2", Layers.conv(planes, 3, stride, 1));
        bn2 = addChildBlock("bn2", Layers.batchNorm());
        conv3 = addChildBlock("conv3", Layers.conv(out, 1, 1, 0));
        bn3 = addChildBlock("bn3", Layers.batchNorm());
        downsample = stride != 1 || inChannels != out
                ? addChildBlock("downsample", new Stage(List.of(Layers.conv(out, 1, 1, 0), Layers.batchNorm())))
                : null;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray y = Layers.relu(Layers.consume(bn1, ps, Layers.run(conv1, ps, x, training, params), training, params));
        y = Layers.consume(conv2, ps, y, training, params);
        y = Layers.relu(Layers.consume(bn2, ps, y, training, params));
        y = Layers.consume(conv3, ps, y, training, params);
        y = Layers.consume(bn3, ps, y, training, params);
        NDArray sum;
        if (downsample == null) {
            sum = y.add(x);
        } else {
            NDArray identity = stride == 1 ? Layers.run(downsample, ps, x, training, params)
                    : Layers.consume(downsample, ps, Layers.subsample(x, stride), training, params);
            sum = y.add(identity);
            identity.close();
        }
        y.close();
        return new NDList(Layers.relu(sum));
    }

    private Shape subsampled(Shape s) {
        return new Shape(s.get(0), s.get(1), (s.get(2) + stride - 1) / stride, (s.get(3) + stride - 1) / stride);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType type, Shape... inputShapes) {
        Shape[] s = Layers.init(conv1, manager, type, inputShapes);
        s = Layers.init(bn1, manager, type, s);
        s = Layers.init(conv2, manager, type, s);
        s = Layers.init(bn2, manager, type, s);
        s = Layers.init(conv3, manager, type, s);
        Layers.init(bn3, manager, type, s);
        if (downsample != null) {
            Layers.init(downsample, manager, type, subsampled(inputShapes[0]));
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] s = conv1.getOutputShapes(inputShapes);
        s = conv2.getOutputShapes(s);
        return conv3.getOutputShapes(s);
    }
}
