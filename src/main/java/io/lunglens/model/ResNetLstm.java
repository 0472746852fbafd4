package io.lunglens.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The whole network: backbone then head, kept as two children so Grad-CAM can run them apart.
 * Input (N,3,S,S) normalised; output logits (N,classes).
 */
public final class ResNetLstm extends AbstractBlock {

    private final Architecture architecture;
    private final ResNetBackbone backbone;
    private final LstmHead head;
    private volatile boolean backboneFrozen;

    public ResNetLstm(Architecture architecture, int classes) {
        this.architecture = architecture;
        backbone = addChildBlock("backbone", new ResNetBackbone(architecture));
        head = addChildBlock("head", new LstmHead(architecture.lstmHidden(), classes));
    }

    public Architecture architecture() {
        return architecture;
    }

    public ResNetBackbone backbone() {
        return backbone;
    }

    public LstmHead head() {
        return head;
    }

    /**
     * Freezes or unfreezes the backbone for fine-tuning. Frozen, it also runs in inference mode, so its BatchNorm
     * layers use and keep their running statistics (imported ones must not drift towards a few batches' means).
     */
    public void setBackboneFrozen(boolean frozen) {
        if (frozen) {
            backbone.freezeParameters(true);
        } else {
            // Running statistics never take gradients; unfreezing them breaks the next backward pass.
            backbone.freezeParameters(false, p -> p.getType() != Parameter.Type.RUNNING_MEAN
                    && p.getType() != Parameter.Type.RUNNING_VAR);
        }
        backboneFrozen = frozen;
    }

    public boolean backboneFrozen() {
        return backboneFrozen;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList features = backbone.forward(ps, inputs, training && !backboneFrozen, params);
        return head.forward(ps, features, training, params);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType type, Shape... inputShapes) {
        Layers.init(head, manager, type, Layers.init(backbone, manager, type, inputShapes));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return head.getOutputShapes(backbone.getOutputShapes(inputShapes));
    }

    /**
     * Every parameter and BatchNorm statistic under the name torch gives it: the backbone as in torchvision's
     * resnet50 state dict (conv1.weight, layer1.0.bn1.running_mean, ...), then lstm.* and fc.* as in nn.LSTM and
     * nn.Linear. Bundles store weights under these names.
     */
    public Map<String, Parameter> torchParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        collect(backbone, "", out);
        collect(head, "", out);
        return out;
    }

    /** As {@link #torchParameters()} but for any block of ours, e.g. the backbone alone. */
    public static Map<String, Parameter> torchParameters(Block block) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        collect(block, "", out);
        return out;
    }

    private static void collect(Block block, String prefix, Map<String, Parameter> out) {
        for (Pair<String, Parameter> p : block.getDirectParameters()) {
            out.put(prefix + torchName(block, p.getValue()), p.getValue());
        }
        for (Pair<String, Block> c : block.getChildren()) {
            // AbstractBlock prefixes child names with a two-digit counter ("01conv1").
            String name = c.getKey().substring(2);
            collect(c.getValue(), prefix + name + ".", out);
        }
    }

    private static String torchName(Block block, Parameter p) {
        String n = p.getName();
        if (block instanceof BatchNorm) {
            switch (p.getType()) {
                case GAMMA: return "weight";
                case BETA: return "bias";
                case RUNNING_MEAN: return "running_mean";
                case RUNNING_VAR: return "running_var";
                default: break;
            }
        }
        if (block instanceof LSTM) {
            return LstmNames.torchName(n);
        }
        return n;
    }
}
