package io.lunglens.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;

/**
 * Children run in order, named "0", "1", ... like torch's nn.Sequential, so that parameter paths read as in
 * torchvision (layer1.0.conv1, downsample.1). DJL's SequentialBlock names children by class instead.
 */
final class Stage extends AbstractBlock {

    Stage(List<? extends Block> blocks) {
        for (int i = 0; i < blocks.size(); i++) {
            addChildBlock(Integer.toString(i), blocks.get(i));
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray in = inputs.singletonOrThrow();
        NDArray x = in;
        for (Block b : children.values()) {
            x = x == in ? Layers.run(b, ps, x, training, params) : Layers.consume(b, ps, x, training, params);
        }
        return new NDList(x);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType type, Shape... inputShapes) {
        Shape[] s = inputShapes;
        for (Block b : children.values()) {
            s = Layers.init(b, manager, type, s);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] s = inputShapes;
        for (Block b : children.values()) {
            s = b.getOutputShapes(s);
        }
        return s;
    }
}
