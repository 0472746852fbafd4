package io.lunglens.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/** torchvision's ResNet up to layer4 (no avgpool/fc): (N,3,H,W) -> (N,C,H/32,W/32). Child names follow torchvision. */
public final class ResNetBackbone extends AbstractBlock {

    private final Block conv1;
    private final Block bn1;
    private final Block maxpool;
    private final List<Block> layers = new ArrayList<>();

    ResNetBackbone(Architecture arch) {
        int w = arch.width();
        conv1 = addChildBlock("conv1", Layers.conv(w, 7, 2, 3));
        bn1 = addChildBlock("bn1", Layers.batchNorm());
        maxpool = addChildBlock("maxpool", Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
        int in = w;
        for (int stage = 0; stage < 4; stage++) {
            int planes = w << stage;
            List<Block> blocks = new ArrayList<>();
            for (int i = 0; i < arch.blocks().get(stage); i++) {
                blocks.add(new Bottleneck(in, planes, i == 0 && stage > 0 ? 2 : 1));
                in = planes * Architecture.EXPANSION;
            }
            layers.add(addChildBlock("layer" + (stage + 1), new Stage(blocks)));
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = Layers.run(conv1, ps, inputs.singletonOrThrow(), training, params);
        x = Layers.relu(Layers.consume(bn1, ps, x, training, params));
        x = Layers.consume(maxpool, ps, x, training, params);
        for (Block layer : layers) {
            x = Layers.consume(layer, ps, x, training, params);
        }
        return new NDList(x);
    }

    /**
     * Inference only: [the feature map {@link #forward} returns, (N, sum of stage channels) the average-pooled output
     * of every stage layer1..layer4, side by side]. The early stages keep the image's texture, which the last one may
     * have learnt to ignore (a model trained on phantoms maps real radiographs close to its phantoms there).
     */
    public NDList forwardPooled(ParameterStore ps, NDArray input) {
        NDArray x = Layers.run(conv1, ps, input, false, null);
        x = Layers.relu(Layers.consume(bn1, ps, x, false, null));
        x = Layers.consume(maxpool, ps, x, false, null);
        NDList pooled = new NDList();
        for (Block layer : layers) {
            x = Layers.consume(layer, ps, x, false, null);
            pooled.add(x.mean(new int[] {3}).mean(new int[] {2}));
        }
        return new NDList(x, NDArrays.concat(pooled, 1));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType type, Shape... inputShapes) {
        Shape[] s = Layers.init(conv1, manager, type, inputShapes);
        s = Layers.init(bn1, manager, type, s);
        s = Layers.init(maxpool, manager, type, s);
        for (Block layer : layers) {
            s = Layers.init(layer, manager, type, s);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] s = conv1.getOutputShapes(inputShapes);
        s = maxpool.getOutputShapes(s);
        for (Block layer : layers) {
            s = layer.getOutputShapes(s);
        }
        return s;
    }
}
