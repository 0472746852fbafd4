package io.lunglens.training;

/**
 * Everything that decides a training run besides the data.
 *
 * @param architecture  "resnet50-lstm" (the paper's) or "tiny-resnet-lstm" (tests and quick checks)
 * @param inputSize     square input side in pixels
 * @param batchSize     images per step
 * @param epochs        most epochs to run
 * @param learningRate  Adam's step size
 * @param weightDecay   L2 penalty
 * @param seed          seeds the split, the augmentation, the batch order and the initial weights
 * @param patience      stop after this many epochs without a better validation loss (0: never stop early)
 * @param overfitEpochs the overfitting detector's k: validation loss rising this many epochs while training falls
 * @param augmentation  what to vary in training images
 * @param init          random weights, or a bundle to start from
 */
public record TrainConfig(String architecture, int inputSize, int batchSize, int epochs, double learningRate,
                          double weightDecay, long seed, int patience, int overfitEpochs, Augmentation augmentation,
                          Initialisation init) {

    /** From random weights. */
    public TrainConfig(String architecture, int inputSize, int batchSize, int epochs, double learningRate,
                       double weightDecay, long seed, int patience, int overfitEpochs, Augmentation augmentation) {
        this(architecture, inputSize, batchSize, epochs, learningRate, weightDecay, seed, patience, overfitEpochs,
                augmentation, Initialisation.RANDOM);
    }

    public TrainConfig withInit(Initialisation i) {
        return new TrainConfig(architecture, inputSize, batchSize, epochs, learningRate, weightDecay, seed, patience,
                overfitEpochs, augmentation, i);
    }

    public TrainConfig {
        if (inputSize < 32) throw new IllegalArgumentException("input size must be at least 32, was " + inputSize);
        if (batchSize < 2) throw new IllegalArgumentException("batch size must be at least 2 (BatchNorm), was " + batchSize);
        if (epochs < 1) throw new IllegalArgumentException("epochs must be at least 1, was " + epochs);
        if (!(learningRate > 0)) throw new IllegalArgumentException("learning rate must be positive, was " + learningRate);
        if (weightDecay < 0) throw new IllegalArgumentException("weight decay must not be negative, was " + weightDecay);
        if (patience < 0) throw new IllegalArgumentException("patience must not be negative, was " + patience);
        if (overfitEpochs < 1) throw new IllegalArgumentException("overfit epochs must be at least 1, was " + overfitEpochs);
        if (init == null) throw new IllegalArgumentException("init must not be null (use Initialisation.RANDOM)");
    }

    /** The seed paper's set-up: ResNet50-LSTM at 224², batch 8, Adam. */
    public static TrainConfig paper() {
        return new TrainConfig("resnet50-lstm", 224, 8, 20, 3e-4, 1e-5, 42, 5, 2, Augmentation.standard());
    }
}
