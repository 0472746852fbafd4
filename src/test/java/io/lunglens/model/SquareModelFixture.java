package io.lunglens.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.lunglens.imaging.ModelInput;
import io.lunglens.imaging.XrayImage;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * A committed tiny model that has learnt "is there a bright square in this noise?", so that tests of evidence maps
 * read one fixed set of weights instead of a training run, whose outcome differs between CPUs (kernel choice,
 * thread count). Made once by {@link #main}: {@code mvn -q test-compile exec:java
 * -Dexec.classpathScope=test -Dexec.mainClass=io.lunglens.model.SquareModelFixture
 * -Dexec.args=src/test/resources/models/square-tiny}.
 */
final class SquareModelFixture {

    static final int SIZE = 128;
    static final int SQ = 16;
    private static final String RESOURCE = "/models/square-tiny";

    private SquareModelFixture() {
    }

    /** The committed bundle, loaded and checksum-verified. */
    static Classifier load() {
        try {
            return new Classifier(ModelBundle.load(Path.of(SquareModelFixture.class.getResource(RESOURCE).toURI())));
        } catch (ModelBundleException | URISyntaxException e) {
            throw new IllegalStateException("test fixture " + RESOURCE + ": " + e.getMessage(), e);
        }
    }

    static XrayImage randomSquare(Random rnd) {
        return TestImages.withSquare(SIZE, rnd, rnd.nextInt(SIZE - SQ), rnd.nextInt(SIZE - SQ), SQ);
    }

    public static void main(String[] args) throws Exception {
        EngineBootstrap.engine().setRandomSeed(11);
        ModelCard card = TestImages.tinyCard("square", SIZE).withClasses(List.of("noise", "square"), "square");
        try (ModelBundle bundle = ModelBundle.fresh(card)) {
            train(bundle, card);
            ModelBundle.save(Path.of(args[0]), bundle.network(), card);
        }
    }

    private static void train(ModelBundle bundle, ModelCard card) {
        Random rnd = new Random(5);
        DefaultTrainingConfig cfg = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.003f)).build());
        try (Trainer trainer = bundle.model().newTrainer(cfg)) {
            int batch = 16;
            for (int step = 0; step < 120; step++) {
                float[] planes = new float[batch * SIZE * SIZE];
                float[] labels = new float[batch];
                for (int i = 0; i < batch; i++) {
                    boolean square = i % 2 == 0;
                    XrayImage img = square ? randomSquare(rnd) : TestImages.noise(SIZE, rnd);
                    System.arraycopy(ModelInput.toTensorData(img, SIZE), 0, planes, i * SIZE * SIZE, SIZE * SIZE);
                    labels[i] = square ? 1 : 0;
                }
                try (NDManager scope = bundle.model().getNDManager().newSubManager()) {
                    NDArray x = InputTensor.fromPlanes(scope, card, planes, batch);
                    NDArray y = scope.create(labels);
                    try (GradientCollector gc = trainer.newGradientCollector()) {
                        NDArray out = trainer.forward(new NDList(x)).singletonOrThrow();
                        NDArray loss = trainer.getLoss().evaluate(new NDList(y), new NDList(out));
                        gc.backward(loss);
                        System.out.println("step " + step + " loss " + loss.getFloat());
                    }
                    trainer.step();
                }
            }
        }
    }
}
