package io.lunglens.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** Feature map (N,C,h,w) -> sequence (N,h·w,C) -> LSTM (batch first) -> last step -> Linear -> logits (N,classes). */
public final class LstmHead extends AbstractBlock {

    private final Block lstm;
    private final Block fc;

    LstmHead(int hidden, int classes) {
        lstm = addChildBlock("lstm", LSTM.builder().setStateSize(hidden).setNumLayers(1).optBatchFirst(true)
                .optReturnState(false).build());
        fc = addChildBlock("fc", Linear.builder().setUnits(classes).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray seq = toSequence(inputs.singletonOrThrow());
        NDList out = lstm.forward(ps, new NDList(seq), training, params);
        seq.close();
        NDArray last = out.head().get(":, -1, :");
        out.close();
        return new NDList(Layers.consume(fc, ps, last, training, params));
    }

    private static NDArray toSequence(NDArray f) {
        Shape s = f.getShape();
        NDArray flat = f.reshape(s.get(0), s.get(1), s.get(2) * s.get(3));
        NDArray seq = flat.transpose(0, 2, 1);
        flat.close();
        return seq;
    }

    private static Shape sequenceShape(Shape s) {
        return new Shape(s.get(0), s.get(2) * s.get(3), s.get(1));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType type, Shape... inputShapes) {
        Shape[] out = Layers.init(lstm, manager, type, sequenceShape(inputShapes[0]));
        Shape o = out[0];
        Layers.init(fc, manager, type, new Shape(o.get(0), o.get(2)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape o = lstm.getOutputShapes(new Shape[] {sequenceShape(inputShapes[0])})[0];
        return fc.getOutputShapes(new Shape[] {new Shape(o.get(0), o.get(2))});
    }
}
