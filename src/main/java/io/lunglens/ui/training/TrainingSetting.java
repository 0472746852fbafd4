package io.lunglens.ui.training;

import io.lunglens.training.TrainConfig;
import java.math.BigDecimal;
import java.util.Locale;

/**
 * Each setting of the Retrain tab: its label, its tooltip and, for the typed ones, its default text, written once
 * here. The defaults are {@link TrainConfig}'s, the same ones {@code lunglens train} uses.
 */
public enum TrainingSetting {
    CLASSES("Classes", "The two class folders the model learns to tell apart.", false),
    POSITIVE("Positive class", "The finding the model looks for; sensitivity and the ROC curve are about this class.",
            false),
    ARCHITECTURE("Network", "resnet50-lstm is the paper's network; tiny-resnet-lstm trains in seconds, for trying"
            + " the steps out.", false),
    INPUT_SIZE("Input size (px)", "Images are scaled to this square side. Smaller trains faster and sees less"
            + " detail. (--size)", false),
    EPOCHS("Epochs (at most)", "Passes over the training split. Early stopping may end sooner. (--epochs)", false),
    BATCH("Batch size", "Images per training step; at least 2. Larger steps take longer and need more memory."
            + " (--batch)", false),
    START_FROM("Start from", "Random weights, an imported backbone (lunglens import-backbone), or any trained model"
            + " to fine-tune: with the same classes its head is kept too. (--init)", false),
    MODEL_NAME("Model name", "Saved in your model folder under this name: letters, digits, '.', '_', '-'. (--out)",
            false),
    FREEZE_EPOCHS("Backbone frozen (epochs)", "When starting from a model: train only the head for the first"
            + " epochs, so a new head does not disturb the pretrained features. (--freeze-epochs)", false),
    BACKBONE_LR_FACTOR("Backbone learning-rate factor", "When starting from a model: the backbone learns at this"
            + " fraction of the learning rate, e.g. 0.1; 1 is the same rate. (--backbone-lr-factor)", false),
    PER_CLASS("Images per class (0 = all)", "Sample at most this many images from each class, seeded: a quick run"
            + " on a large archive. (--per-class)", true),
    SPLIT("Split train/val/test %", "Stratified split into training, validation and test, e.g. 80/10/10."
            + " (--split)", true),
    SEED("Seed", "Seeds the sampling, the split, the augmentation, the batch order and the initial weights."
            + " (--seed)", true),
    LEARNING_RATE("Learning rate", "Adam's step size. (--lr)", true),
    WEIGHT_DECAY("Weight decay", "L2 penalty on the weights; 0 turns it off. (--weight-decay)", true),
    PATIENCE("Patience (epochs)", "Stop after this many epochs without a better validation loss, keeping the best"
            + " epoch; 0 never stops early. (--patience)", true),
    OVERFIT_EPOCHS("Overfitting flag after (epochs)", "Flag overfitting once validation loss has risen this many"
            + " epochs in a row while training loss fell. (--overfit-epochs)", true),
    AUGMENTATION("Augmentation", "Vary training images a little (rotation, shift, scale, brightness, contrast)."
            + " Off: train on the images as they are. (--no-augment)", true);

    private final String label;
    private final String tooltip;
    private final boolean advanced;

    TrainingSetting(String label, String tooltip, boolean advanced) {
        this.label = label;
        this.tooltip = tooltip;
        this.advanced = advanced;
    }

    public String label() {
        return label;
    }

    public String tooltip() {
        return tooltip;
    }

    /** The control's node id: EPOCHS is #epochs, FREEZE_EPOCHS is #freezeEpochs. */
    public String id() {
        StringBuilder b = new StringBuilder();
        for (String part : name().toLowerCase(Locale.ROOT).split("_")) {
            b.append(b.length() == 0 ? part : Character.toUpperCase(part.charAt(0)) + part.substring(1));
        }
        return b.toString();
    }

    /** Shown under "Advanced", collapsed at first. */
    public boolean advanced() {
        return advanced;
    }

    /** The text a typed setting starts with; null for the ones chosen from a list or ticked. */
    public String defaultText() {
        return switch (this) {
            case INPUT_SIZE -> "" + TrainConfig.INPUT_SIZE;
            case EPOCHS -> "" + TrainConfig.EPOCHS;
            case BATCH -> "" + TrainConfig.BATCH_SIZE;
            case MODEL_NAME -> "my-model";
            case FREEZE_EPOCHS -> "" + TrainConfig.FREEZE_EPOCHS;
            case BACKBONE_LR_FACTOR -> plain(TrainConfig.BACKBONE_LR_FACTOR);
            case PER_CLASS -> "" + TrainConfig.PER_CLASS;
            case SPLIT -> TrainConfig.SPLIT;
            case SEED -> "" + TrainConfig.SEED;
            case LEARNING_RATE -> plain(TrainConfig.LEARNING_RATE);
            case WEIGHT_DECAY -> plain(TrainConfig.WEIGHT_DECAY);
            case PATIENCE -> "" + TrainConfig.PATIENCE;
            case OVERFIT_EPOCHS -> "" + TrainConfig.OVERFIT_EPOCHS;
            case CLASSES, POSITIVE, ARCHITECTURE, START_FROM, AUGMENTATION -> null;
        };
    }

    /** 1 rather than 1.0, 0.0003 rather than 3.0E-4. */
    private static String plain(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
