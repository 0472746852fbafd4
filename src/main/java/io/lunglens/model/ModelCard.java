package io.lunglens.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.lunglens.imaging.ModelInput;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * model.json: everything needed to use a bundle correctly and to judge it. Immutable; the with* methods return
 * changed copies so the training package can fill it in as it learns things.
 *
 * @param name                   short id, also the bundle folder's usual name ("demo")
 * @param version                free text, e.g. "1" or "2026-11-27"
 * @param createdAt              ISO-8601 instant
 * @param architecture           {@link Architecture#name()}, e.g. "resnet50-lstm"
 * @param inputSize              square input side in pixels, e.g. 224
 * @param classes                class names by logit index
 * @param positiveClass          the class whose probability is reported (e.g. "COVID-19")
 * @param preprocess             how images become input tensors
 * @param calibrationTemperature logits are divided by this before the calibrated softmax; 1 = uncalibrated
 * @param training               free-form summary: data set, counts per class, splitSeed, epochs, ...
 * @param testMetrics            free-form: accuracy, auc, sensitivity, specificity, ...
 * @param intendedUse            always {@link #INTENDED_USE} for now
 * @param synthetic              true when trained on synthetic phantoms: its verdicts say nothing about patients
 * @param weightsSha256          hex sha256 of the weights file, checked on load
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelCard(
        String name,
        String version,
        String createdAt,
        String architecture,
        int inputSize,
        List<String> classes,
        String positiveClass,
        Preprocess preprocess,
        double calibrationTemperature,
        Map<String, Object> training,
        Map<String, Object> testMetrics,
        String intendedUse,
        boolean synthetic,
        String weightsSha256) {

    public static final String INTENDED_USE = "Research use only — not a medical device";
    public static final List<String> DEFAULT_CLASSES = List.of("Normal", "COVID-19");
    public static final String DEFAULT_POSITIVE = "COVID-19";

    /**
     * How an image becomes the model's input: {@link ModelInput} gives one plane in [0,1] by the resize and range
     * rules named here, which is copied to three channels and normalised with mean and std per channel.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Preprocess(String resize, String range, boolean invertMonochrome1, int channels,
                             List<Double> mean, List<Double> std) {

        /** The current rule, with ImageNet statistics so that ImageNet weights can be imported. */
        public static Preprocess current() {
            return new Preprocess(ModelInput.RESIZE, ModelInput.RANGE, ModelInput.INVERT_MONOCHROME1, 3,
                    List.of(0.485, 0.456, 0.406), List.of(0.229, 0.224, 0.225));
        }

        /** Why this code cannot reproduce the recorded rule, or null when it can. */
        String mismatch() {
            if (!ModelInput.RESIZE.equals(resize) || !ModelInput.RANGE.equals(range)
                    || invertMonochrome1 != ModelInput.INVERT_MONOCHROME1) {
                return "preprocessing " + resize + "/" + range + "/invertMonochrome1=" + invertMonochrome1
                        + " differs from this version's " + ModelInput.RESIZE + "/" + ModelInput.RANGE;
            }
            if (channels != 3 || mean == null || std == null || mean.size() != 3 || std.size() != 3
                    || std.stream().anyMatch(s -> s == null || !(s > 0)) || mean.stream().anyMatch(m -> m == null)) {
                return "preprocess needs 3 channels with 3 means and 3 positive stds";
            }
            return null;
        }
    }

    public ModelCard {
        classes = classes == null ? null : List.copyOf(classes);
        training = training == null ? Map.of() : copy(training);
        testMetrics = testMetrics == null ? Map.of() : copy(testMetrics);
    }

    /** A fresh card with today's preprocessing, no calibration, no metrics and no checksum yet. */
    public static ModelCard draft(String name, Architecture architecture, int inputSize, boolean synthetic) {
        return new ModelCard(name, "1", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                architecture.name(), inputSize, DEFAULT_CLASSES, DEFAULT_POSITIVE, Preprocess.current(), 1.0,
                Map.of(), Map.of(), INTENDED_USE, synthetic, null);
    }

    /** name@version, the id predictions carry. */
    public String id() {
        return name + "@" + version;
    }

    public int positiveIndex() {
        return classes.indexOf(positiveClass);
    }

    /** An imported backbone: training can start from it, but its head is untrained, so it gives no verdicts. */
    @JsonIgnore
    public boolean isBackbone() {
        return training != null && BackboneImport.KIND.equals(training.get("kind"));
    }

    public ModelCard withVersion(String v) {
        return new ModelCard(name, v, createdAt, architecture, inputSize, classes, positiveClass, preprocess,
                calibrationTemperature, training, testMetrics, intendedUse, synthetic, weightsSha256);
    }

    public ModelCard withClasses(List<String> c, String positive) {
        return new ModelCard(name, version, createdAt, architecture, inputSize, c, positive, preprocess,
                calibrationTemperature, training, testMetrics, intendedUse, synthetic, weightsSha256);
    }

    public ModelCard withCalibrationTemperature(double t) {
        return new ModelCard(name, version, createdAt, architecture, inputSize, classes, positiveClass, preprocess,
                t, training, testMetrics, intendedUse, synthetic, weightsSha256);
    }

    public ModelCard withTraining(Map<String, Object> t) {
        return new ModelCard(name, version, createdAt, architecture, inputSize, classes, positiveClass, preprocess,
                calibrationTemperature, t, testMetrics, intendedUse, synthetic, weightsSha256);
    }

    public ModelCard withTestMetrics(Map<String, Object> m) {
        return new ModelCard(name, version, createdAt, architecture, inputSize, classes, positiveClass, preprocess,
                calibrationTemperature, training, m, intendedUse, synthetic, weightsSha256);
    }

    /** The same card stamped with the current time: a trained model's card says when training ended. */
    public ModelCard withCreatedNow() {
        return new ModelCard(name, version, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), architecture,
                inputSize, classes, positiveClass, preprocess, calibrationTemperature, training, testMetrics,
                intendedUse, synthetic, weightsSha256);
    }

    ModelCard withWeightsSha256(String sha) {
        return new ModelCard(name, version, createdAt, architecture, inputSize, classes, positiveClass, preprocess,
                calibrationTemperature, training, testMetrics, intendedUse, synthetic, sha);
    }

    /** Why the card cannot drive a model, or null when it can. */
    String problem() {
        if (name == null || name.isBlank()) {
            return "model.json has no name";
        }
        try {
            Architecture.byName(architecture);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        if (inputSize < 32 || inputSize > 1024) {
            return "inputSize " + inputSize + " is outside 32..1024";
        }
        if (classes == null || classes.size() < 2) {
            return "model.json needs at least two classes";
        }
        if (positiveClass == null || !classes.contains(positiveClass)) {
            return "positiveClass \"" + positiveClass + "\" is not one of " + classes;
        }
        if (preprocess == null) {
            return "model.json has no preprocess section";
        }
        if (!(calibrationTemperature > 0) || Double.isInfinite(calibrationTemperature)) {
            return "calibrationTemperature must be a positive number";
        }
        return preprocess.mismatch();
    }

    private static Map<String, Object> copy(Map<String, Object> m) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }
}
