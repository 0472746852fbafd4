package io.lunglens.gate;

import io.lunglens.imaging.XrayImage;
import io.lunglens.model.ModelCard;
import io.lunglens.model.Prediction;
import java.util.Locale;

/**
 * The two checks run before any verdict is shown: is the image a frontal chest X-ray at all (independent of the
 * model), and does it look like what this model was trained on (the prediction's domain score). Thread-safe.
 */
public final class InputGate {

    private static final InputGate STANDARD = new InputGate(FrontalCheck.standard());

    private final FrontalCheck frontal;

    public InputGate(FrontalCheck frontal) {
        this.frontal = frontal;
    }

    /** The gate with the frontal check that ships with the app. */
    public static InputGate standard() {
        return STANDARD;
    }

    public FrontalCheck frontalCheck() {
        return frontal;
    }

    /** The model-independent part alone, e.g. on a decoding thread before the batch reaches the network. */
    public FrontalCheck.Result checkFrontal(XrayImage image) {
        return frontal.check(image);
    }

    public GateResult judge(XrayImage image, Prediction p, ModelCard card) {
        return judge(checkFrontal(image), p, card);
    }

    /** Combines a frontal check already made with the prediction's domain score. */
    public GateResult judge(FrontalCheck.Result f, Prediction p, ModelCard card) {
        boolean inDomain = p.inTrainingDomain();
        return new GateResult(f.frontal(), f.score(), inDomain, p.domainScore(), reason(f, p, card));
    }

    private static String reason(FrontalCheck.Result f, Prediction p, ModelCard card) {
        StringBuilder b = new StringBuilder();
        if (!f.frontal()) {
            b.append(String.format(Locale.ROOT, "This does not look like a frontal chest X-ray (frontal score %.2f).",
                    f.score()));
        }
        if (!p.inTrainingDomain()) {
            b.append(b.length() > 0 ? " " : "").append(String.format(Locale.ROOT,
                    "This image is outside what model %s was trained on: %s (distance %.1f× the limit set on its"
                            + " validation images).", modelName(card), trainedOn(card), p.domainScore()));
        }
        if (b.length() > 0) {
            return b.toString();
        }
        return p.hasDomainScore()
                ? String.format(Locale.ROOT, "A frontal chest X-ray (score %.2f), within model %s's training data"
                        + " (distance %.2f× the limit).", f.score(), modelName(card), p.domainScore())
                : String.format(Locale.ROOT, "A frontal chest X-ray (score %.2f); model %s carries no description of"
                        + " its training data, so that was not checked.", f.score(), modelName(card));
    }

    /** "demo v1": how a reader names a model. */
    static String modelName(ModelCard card) {
        return card.name() + " v" + card.version();
    }

    /** What the card says the model was trained on, in a few words. */
    static String trainedOn(ModelCard card) {
        if (card.synthetic()) {
            return "synthetic phantoms";
        }
        Object dataset = card.training() == null ? null : card.training().get("dataset");
        if (dataset == null) {
            return "data its card does not name";
        }
        String name = dataset.toString().replaceAll("[/\\\\]+$", "");
        return "images from " + name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
    }
}
