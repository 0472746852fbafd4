package io.lunglens.model;

import java.util.List;
import java.util.Locale;

/**
 * The network's numbers. The real one is ResNet50 (torchvision v1.5 layout) with an LSTM head; the tiny one runs the
 * same builder code with smaller numbers so tests can train it in seconds.
 *
 * @param name      the id written to the model card
 * @param blocks    bottleneck blocks per stage (layer1..layer4)
 * @param width     channels of the stem and of layer1's bottleneck (64 in ResNet50)
 * @param lstmHidden LSTM hidden units
 */
public record Architecture(String name, List<Integer> blocks, int width, int lstmHidden) {

    public static final Architecture RESNET50_LSTM = new Architecture("resnet50-lstm", List.of(3, 4, 6, 3), 64, 256);
    public static final Architecture TINY = new Architecture("tiny-resnet-lstm", List.of(1, 1, 1, 1), 8, 32);

    /** Bottleneck expansion, as in torchvision. */
    static final int EXPANSION = 4;

    public Architecture {
        blocks = List.copyOf(blocks);
        if (blocks.size() != 4 || width <= 0 || lstmHidden <= 0) {
            throw new IllegalArgumentException("bad architecture " + name);
        }
    }

    /** Channels of the last feature map (2048 in ResNet50). */
    public int featureChannels() {
        return width * 8 * EXPANSION;
    }

    /** Channels of layer1..layer4's outputs, whose pooled values describe the training domain. */
    public int[] stageChannels() {
        int[] c = new int[4];
        for (int i = 0; i < 4; i++) {
            c[i] = (width << i) * EXPANSION;
        }
        return c;
    }

    /** The backbone's total stride: a size×size input gives a (size/32)² feature map. */
    public static int featureSize(int inputSize) {
        int s = inputSize;
        for (int i = 0; i < 5; i++) {
            s = (s + 1) / 2;
        }
        return s;
    }

    /** Looks an architecture up by the name a model card carries. */
    public static Architecture byName(String name) {
        String n = name == null ? "" : name.toLowerCase(Locale.ROOT);
        if (n.equals(RESNET50_LSTM.name)) {
            return RESNET50_LSTM;
        }
        if (n.equals(TINY.name)) {
            return TINY;
        }
        throw new IllegalArgumentException("unknown architecture \"" + name + "\" (known: "
                + RESNET50_LSTM.name + ", " + TINY.name + ")");
    }
}
