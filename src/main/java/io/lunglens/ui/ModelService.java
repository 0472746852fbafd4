package io.lunglens.ui;

import io.lunglens.gate.InputGate;
import io.lunglens.imaging.ImageInfo;
import io.lunglens.imaging.Photometric;
import io.lunglens.imaging.XrayImage;
import io.lunglens.model.Classifier;
import io.lunglens.model.EvidenceMethod;
import io.lunglens.model.Explanation;
import io.lunglens.model.ModelCard;
import io.lunglens.model.ModelRegistry;
import io.lunglens.model.Prediction;
import io.lunglens.task.Progress;
import io.lunglens.training.ShortcutCheck;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The adapter from the model package to the viewer: the registry's bundles as a {@link ModelSource}. */
public final class ModelService implements ModelSource {

    private static final Logger LOG = LoggerFactory.getLogger(ModelService.class);

    private final ModelRegistry registry;
    private final InputGate gate;
    private final Map<String, Path> bundles = new LinkedHashMap<>();

    /** Models from the registry, their verdicts gated by the app's standard input gate. */
    public ModelService(ModelRegistry registry) {
        this(registry, InputGate.standard());
    }

    public ModelService(ModelRegistry registry, InputGate gate) {
        this.registry = registry;
        this.gate = gate;
    }

    /** Bundle folder names, the active bundle first. */
    @Override
    public synchronized List<String> names() {
        bundles.clear();
        Path active = registry.active().map(p -> p.toAbsolutePath().normalize()).orElse(null);
        List<String> out = new ArrayList<>();
        for (ModelRegistry.Entry e : registry.list()) {
            String name = e.dir().getFileName().toString();
            bundles.put(name, e.dir());
            if (e.dir().toAbsolutePath().normalize().equals(active)) {
                out.add(0, name);
            } else {
                out.add(name);
            }
        }
        return out;
    }

    /** Loads and verifies the bundle and remembers it as the active model. */
    @Override
    public Explainer open(String name) throws Exception {
        Path dir;
        synchronized (this) {
            dir = bundles.get(name);
        }
        if (dir == null) {
            dir = registry.resolve(name);
        }
        Classifier c = Classifier.load(dir);
        try {
            registry.setActive(dir);
        } catch (IOException e) {
            LOG.warn("cannot remember {} as the active model: {}", dir, e.getMessage());
        }
        ClassifierExplainer explainer = new ClassifierExplainer(c, gate);
        // libtorch's first pass is several times slower (allocation, kernel choice): pay it now, not on the
        // first image the user opens.
        try {
            explainer.explain(warmUpImage(), explainer.positiveClass());
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
        return explainer;
    }

    private static XrayImage warmUpImage() {
        int side = 256;
        int[] px = new int[side * side];
        for (int i = 0; i < px.length; i++) {
            px[i] = (i % side + i / side) * 255 / (2 * side - 2);
        }
        return new XrayImage(side, side, 8, px, Photometric.MONOCHROME2, ImageInfo.plain(Path.of("warm-up"), "PNG"));
    }

    private record ClassifierExplainer(Classifier classifier, InputGate gate) implements Explainer {

        @Override
        public ModelCard card() {
            return classifier.card();
        }

        @Override
        public Explained explain(XrayImage image, int camClass) {
            return explained(classifier.explain(image, camClass), image);
        }

        @Override
        public EvidenceCheck shortcutCheck(XrayImage image, int camClass, EvidenceMethod method, Progress progress) {
            ShortcutCheck c = ShortcutCheck.run(classifier, image, camClass, method, progress);
            return new EvidenceCheck(explained(c.map(), image), method, c.shareInLungs(), c.warning());
        }

        private Explained explained(Explanation e, XrayImage image) {
            Prediction p = e.prediction();
            return new Explained(p.label(), p.calibrated(), p.positiveProbability(), Math.round(p.millis()),
                    e.cam(), e.width(), e.height(), e.camClass(), gate.judge(image, p, classifier.card()));
        }

        @Override
        public void close() {
            classifier.close();
        }
    }
}
