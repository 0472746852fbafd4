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
 * @param resizing      the first epochs at a smaller size ({@link Resizing#NONE}: all at inputSize)
 */
public record TrainConfig(String architecture, int inputSize, int batchSize, int epochs, double learningRate,
                          double weightDecay, long seed, int patience, int overfitEpochs, Augmentation augmentation,
                          Initialisation init, Resizing resizing) {

    public TrainConfig(String architecture, int inputSize, int batchSize, int epochs, double learningRate,
                       double weightDecay, long seed, int patience, int overfitEpochs, Augmentation augmentation,
                       Initialisation init) {
        this(architecture, inputSize, batchSize, epochs, learningRate, weightDecay, seed, patience, overfitEpochs,
                augmentation, init, Resizing.NONE);
    }

    /** From random weights. */
    public TrainConfig(String architecture, int inputSize, int batchSize, int epochs, double learningRate,
                       double weightDecay, long seed, int patience, int overfitEpochs, Augmentation augmentation) {
        this(architecture, inputSize, batchSize, epochs, learningRate, weightDecay, seed, patience, overfitEpochs,
                augmentation, Initialisation.RANDOM);
    }

    public TrainConfig withInit(Initialisation i) {
        return new TrainConfig(architecture, inputSize, batchSize, epochs, learningRate, weightDecay, seed, patience,
                overfitEpochs, augmentation, i, resizing);
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
        if (resizing == null) resizing = Resizing.NONE; // a run folder written before resizing existed
    }

    /** The image side epoch (1-based) trains at. */
    public int sizeAt(int epoch) {
        return resizing.sizeAt(epoch, inputSize);
    }

    /** The seed paper's set-up: ResNet50-LSTM at 224², batch 8, Adam. */
    public static TrainConfig paper() {
        return builder().build();
    }

    /** A builder that starts from {@link #paper()}; set only what differs. */
    public static Builder builder() {
        return new Builder();
    }

    // The paper's values, the one place they are written; the CLI's option defaults read them too.
    public static final String ARCHITECTURE = "resnet50-lstm";
    public static final int INPUT_SIZE = 224;
    public static final int BATCH_SIZE = 8;
    public static final int EPOCHS = 20;
    public static final double LEARNING_RATE = 3e-4;
    public static final double WEIGHT_DECAY = 1e-5;
    public static final long SEED = 42;
    public static final int PATIENCE = 5;
    public static final int OVERFIT_EPOCHS = 2;
    /** Progressive resizing, as {@link Resizing#parse} reads it; "none" until a benchmark shows it wins. */
    public static final String RESIZING = "none";
    /** The paper's train/validation/test percentages, as {@link Split#parsePercent} reads them. */
    public static final String SPLIT = "80/10/10";
    /** Starting from a bundle: epochs with the backbone frozen, and its learning rate as a fraction of the head's. */
    public static final int FREEZE_EPOCHS = 0;
    public static final double BACKBONE_LR_FACTOR = 1;
    /** Sample at most this many images per class; 0 takes them all. */
    public static final int PER_CLASS = 0;

    /** Named settings instead of eleven positional ones; checked when built. */
    public static final class Builder {
        private String architecture = ARCHITECTURE;
        private int inputSize = INPUT_SIZE;
        private int batchSize = BATCH_SIZE;
        private int epochs = EPOCHS;
        private double learningRate = LEARNING_RATE;
        private double weightDecay = WEIGHT_DECAY;
        private long seed = SEED;
        private int patience = PATIENCE;
        private int overfitEpochs = OVERFIT_EPOCHS;
        private Augmentation augmentation = Augmentation.standard();
        private Initialisation init = Initialisation.RANDOM;
        private Resizing resizing = Resizing.NONE;

        private Builder() {
        }

        public Builder architecture(String v) {
            architecture = v;
            return this;
        }

        public Builder inputSize(int v) {
            inputSize = v;
            return this;
        }

        public Builder batchSize(int v) {
            batchSize = v;
            return this;
        }

        public Builder epochs(int v) {
            epochs = v;
            return this;
        }

        public Builder learningRate(double v) {
            learningRate = v;
            return this;
        }

        public Builder weightDecay(double v) {
            weightDecay = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder patience(int v) {
            patience = v;
            return this;
        }

        public Builder overfitEpochs(int v) {
            overfitEpochs = v;
            return this;
        }

        public Builder augmentation(Augmentation v) {
            augmentation = v;
            return this;
        }

        public Builder init(Initialisation v) {
            init = v;
            return this;
        }

        public Builder resizing(Resizing v) {
            resizing = v;
            return this;
        }

        public TrainConfig build() {
            return new TrainConfig(architecture, inputSize, batchSize, epochs, learningRate, weightDecay, seed,
                    patience, overfitEpochs, augmentation, init, resizing);
        }
    }
}
