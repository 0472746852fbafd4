package io.lunglens.cli;

import io.lunglens.model.Classifier;
import io.lunglens.model.ModelBundle;
import io.lunglens.model.ModelBundleException;
import io.lunglens.model.ModelCard;
import io.lunglens.model.ModelRegistry;
import io.lunglens.model.TrainingDomain;
import io.lunglens.task.CancelledException;
import io.lunglens.task.OneLine;
import io.lunglens.training.DatasetException;
import io.lunglens.training.DomainFitting;
import io.lunglens.training.PreprocessCache;
import io.lunglens.training.FolderDataset;
import io.lunglens.training.Sample;
import io.lunglens.training.Split;
import io.lunglens.training.TrainConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * lunglens fit-domain --model M DIR : gives an existing bundle its training-domain description, weights unchanged.
 * With the bundle's split manifest, the description is fitted on exactly its training split and thresholded on its
 * validation split, each file checked by sha256; without one, on a seeded 80/10/10 split of DIR.
 */
@Command(name = "fit-domain", description = {
        "Describe the images a model was trained on (pooled backbone features), so that predictions can say when an"
                + " image is outside its training data. Writes domain.json into the bundle; the weights stay as"
                + " they are.",
        "DIR is the labelled folder the model was trained on. The bundle's split.json picks its training and"
                + " validation files, checked by hash."})
final class FitDomainCommand implements Callable<Integer> {

    private static final String NAME = "lunglens fit-domain";

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "Labelled folder the model was trained on.")
    Path dir;

    @Option(names = "--model", paramLabel = "M", description = "Bundle folder or model name (default: the active model).")
    String model;

    /** The images to describe and to set the threshold on, and how the card will say so. */
    private record Images(Path bundleDir, List<Sample> train, List<Sample> validation, String fittedOn) {
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        try {
            Images in = images();
            TrainingDomain domain = fit(o, in);
            byte[] json = domain.toJson();
            ModelBundle.addFiles(in.bundleDir(), Map.of(TrainingDomain.FILE, json), card -> {
                Map<String, Object> t = new LinkedHashMap<>(card.training());
                t.put(TrainingDomain.CARD_KEY, domain.summary(json));
                return card.withTraining(t);
            });
            o.println(String.format(Locale.ROOT, "wrote %s: %d principal directions per stage, %d features, threshold %.4g"
                            + " (%dth percentile of the validation distances)", in.bundleDir().resolve(TrainingDomain.FILE),
                    domain.components(), domain.dimensions(), domain.threshold(), (int) TrainingDomain.PERCENTILE));
            o.flush();
            return 0;
        } catch (ModelBundleException e) {
            return refuse(new Refusal(e.getMessage()));
        } catch (Refusal r) {
            return refuse(r);
        }
    }

    private int refuse(Refusal r) {
        spec.commandLine().getErr().println(NAME + ": " + r.getMessage());
        return r.code();
    }

    /** The training and validation files of the bundle's split.json, or of a seeded paper split without one. */
    private Images images() throws Refusal, IOException {
        try {
            Path bundleDir = ModelRegistry.standard().resolve(model);
            ModelCard card = ModelBundle.readCard(bundleDir);
            if (card.isBackbone()) {
                throw new Refusal(bundleDir + " is an imported backbone; train a model from it first");
            }
            Path manifest = bundleDir.resolve(Split.MANIFEST_FILE);
            if (Files.isRegularFile(manifest)) {
                FolderDataset data = FolderDataset.open(dir, Split.manifestClasses(manifest), null, 0, 0);
                List<Sample> train = Split.fromManifest(manifest, "train", data);
                List<Sample> validation = Split.fromManifest(manifest, "validation", data);
                return new Images(bundleDir, train, validation, "the " + train.size() + " training-split images of "
                        + where(data) + " listed in " + Split.MANIFEST_FILE + " (checked by sha256); threshold on its "
                        + validation.size() + " validation-split images");
            }
            FolderDataset data = FolderDataset.open(dir, List.of(), null, 0, 0);
            Split split = Split.of(data, Split.parsePercent(TrainConfig.SPLIT), TrainConfig.SEED);
            return new Images(bundleDir, split.train(), split.validation(), "the " + split.train().size()
                    + " training images of a seeded " + TrainConfig.SPLIT + " split (seed " + TrainConfig.SEED
                    + ") of " + where(data) + " (the bundle has no " + Split.MANIFEST_FILE + "); threshold on its "
                    + split.validation().size() + " validation images");
        } catch (DatasetException | ModelBundleException e) {
            throw new Refusal(e.getMessage());
        }
    }

    private TrainingDomain fit(PrintWriter o, Images in) throws Refusal {
        // Without the old description: a broken one must not stop its replacement.
        try (Classifier c = new Classifier(ModelBundle.load(in.bundleDir(), false))) {
            o.println("Describing " + in.train().size() + " training images of model " + c.card().id()
                    + ", threshold on " + in.validation().size() + " validation images");
            o.flush();
            return DomainFitting.fit(c, in.train(), in.validation(), PreprocessCache.standard(), in.fittedOn(),
                    new ProgressLine("fit-domain", spec.commandLine().getErr(), Main.stopOf(spec)));
        } catch (ModelBundleException e) {
            throw new Refusal(e.getMessage());
        } catch (UncheckedIOException e) {
            throw new Refusal(OneLine.of(e.getCause()));
        } catch (CancelledException stopped) {
            throw new Refusal("cancelled; the bundle is unchanged", Failures.CANCELLED);
        }
    }

    private static String where(FolderDataset data) {
        return data.root().toAbsolutePath().normalize().toString();
    }
}
