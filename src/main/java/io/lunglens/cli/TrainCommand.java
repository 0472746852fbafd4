package io.lunglens.cli;

import io.lunglens.model.ModelBundleException;
import io.lunglens.model.ModelCard;
import io.lunglens.model.ModelRegistry;
import io.lunglens.report.TrainingReport;
import io.lunglens.synth.SynthJob;
import io.lunglens.task.CancelledException;
import io.lunglens.task.OneLine;
import io.lunglens.training.Augmentation;
import io.lunglens.training.BundleTrainer;
import io.lunglens.training.DatasetException;
import io.lunglens.training.EpochListener;
import io.lunglens.training.EpochStats;
import io.lunglens.training.EvaluationText;
import io.lunglens.training.FolderDataset;
import io.lunglens.training.Initialisation;
import io.lunglens.training.OverfitDetector;
import io.lunglens.training.Resizing;
import io.lunglens.training.RunFolder;
import io.lunglens.training.Sample;
import io.lunglens.training.Split;
import io.lunglens.training.TrainConfig;
import io.lunglens.training.TrainingDivergedException;
import io.lunglens.training.TrainingOutcome;
import io.lunglens.training.audit.DataAudit;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** lunglens train DIR : split, train with live per-epoch losses, evaluate on the test split, save a bundle. */
@Command(name = "train", description = "Train a ResNet50-LSTM on a folder with one subfolder per class.")
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", arity = "0..1", description = "Data folder: <class>/*.png or <class>/images/*.png.")
    Path dir;

    @Option(names = "--resume", paramLabel = "RUN", description = "Continue an interrupted run from its last finished"
            + " epoch: the model name it was saving to, or its run folder (see the path printed when it started).")
    String resume;

    @Option(names = "--classes", split = ",", paramLabel = "A,B", description = "Class folders to use, e.g. COVID,Normal (default: all).")
    List<String> classes;

    @Option(names = "--positive", paramLabel = "CLASS", description = "Positive class (default: the one named like COVID).")
    String positive;

    @Option(names = "--per-class", paramLabel = "N", defaultValue = "" + TrainConfig.PER_CLASS, description = "Sample N images per class, seeded (default: all).")
    int perClass;

    @Option(names = "--split", paramLabel = "T/V/T", defaultValue = TrainConfig.SPLIT, description = "Train/validation/test percent (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--epochs", defaultValue = "" + TrainConfig.EPOCHS, description = "Most epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--size", defaultValue = "" + TrainConfig.INPUT_SIZE, description = "Input size in pixels (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--batch", defaultValue = "" + TrainConfig.BATCH_SIZE, description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", defaultValue = "" + TrainConfig.LEARNING_RATE, description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--weight-decay", defaultValue = "" + TrainConfig.WEIGHT_DECAY, description = "Weight decay (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--seed", defaultValue = "" + TrainConfig.SEED, description = "Seed for sampling, split, augmentation and weights (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--patience", defaultValue = "" + TrainConfig.PATIENCE, description = "Early stopping patience in epochs, 0 = off (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--overfit-epochs", defaultValue = "" + TrainConfig.OVERFIT_EPOCHS, description = "Flag overfitting after this many epochs of rising validation loss (default: ${DEFAULT-VALUE}).")
    int overfitEpochs;

    @Option(names = "--progressive", paramLabel = "SIZE:EPOCHS", defaultValue = TrainConfig.RESIZING,
            description = "Progressive resizing: the first EPOCHS epochs at SIZE² (faster), the rest at --size;"
                    + " validation always at --size. 'none' trains every epoch at --size (default: ${DEFAULT-VALUE}).")
    String progressive;

    @Option(names = "--no-augment", description = "Train on the images as they are.")
    boolean noAugment;

    @Option(names = "--arch", defaultValue = TrainConfig.ARCHITECTURE, description = "resnet50-lstm (the paper's) or tiny-resnet-lstm (quick checks).")
    String arch;

    @Option(names = "--out", paramLabel = "NAME", description = "Model name (saved in the user model folder) or a folder path.")
    String out;

    @Option(names = "--init", paramLabel = "MODEL", description = "Start from this bundle instead of random weights: an imported backbone (lunglens import-backbone) or a trained model to fine-tune (name or folder).")
    String init;

    @Option(names = "--freeze-epochs", defaultValue = "" + TrainConfig.FREEZE_EPOCHS, paramLabel = "K", description = "With --init: keep the backbone frozen for the first K epochs (default: ${DEFAULT-VALUE}).")
    int freezeEpochs;

    @Option(names = "--backbone-lr-factor", defaultValue = "" + TrainConfig.BACKBONE_LR_FACTOR, paramLabel = "F", description = "With --init: the backbone learns at F times --lr, e.g. 0.1 (default: ${DEFAULT-VALUE}).")
    double backboneLrFactor;

    @Option(names = "--synthetic", description = "Mark the model as trained on phantoms (automatic when DIR has " + SynthJob.CSV + ").")
    boolean synthetic;

    @Option(names = "--exclude-not-frontal", description = "Leave out the images the input gate's frontal check refuses"
            + " (lateral films, CT slices, screenshots); without it they are listed and kept.")
    boolean excludeNotFrontal;

    /** Up to this many refused images are named; the rest are counted. */
    private static final int NAMED = 20;

    private void listNotFrontal(PrintWriter o, FolderDataset data) {
        List<Sample> refused = data.notFrontal();
        if (refused.isEmpty()) {
            return;
        }
        o.printf(Locale.ROOT, "%d image(s) fail the frontal chest X-ray check%s:%n", refused.size(),
                excludeNotFrontal ? " and are left out" : " (kept; --exclude-not-frontal leaves them out)");
        refused.stream().limit(NAMED).forEach(s -> o.println("  not frontal: " + data.root().relativize(s.file())));
        if (refused.size() > NAMED) {
            o.println("  ... and " + (refused.size() - NAMED) + " more");
        }
    }

    /** The data audit, headers only, before any image is decoded: a size shortcut is worth knowing before hours of training. */
    private void audit(PrintWriter o) throws IOException {
        try {
            DataAudit.run(dir, classes).lines(NAMED).forEach(l -> o.println("audit: " + l));
            o.flush();
        } catch (DatasetException e) {
            // Nothing to print: reading the data set next refuses the same folder with the same one line.
        }
    }

    /** The data set and its split, as the user asked for them. */
    private record Data(FolderDataset set, Split split) {
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        try {
            if (resume != null) {
                return resume(o);
            }
            if (dir == null) {
                throw new Refusal("give a data folder DIR, or --resume RUN to continue an interrupted run");
            }
            int[] percent = parsePercent();
            TrainConfig cfg = config();
            String name = out == null ? "model-" + LocalDate.now() : out;
            Path target = name.contains("/") ? Path.of(name) : ModelRegistry.standard().userModels().resolve(name);
            refuseUnfinished(target.getFileName().toString());
            audit(o);
            Data data = data(o, percent);
            boolean phantoms = synthetic || Files.exists(dir.resolve(SynthJob.CSV));
            printPlan(o, data, cfg, phantoms);
            printRunFolder(o, target.getFileName().toString());
            TrainingOutcome r = train(data, cfg, target, phantoms, listener(o, spec.commandLine().getErr(), epochs));
            printResult(o, r, target);
            writePdf(o, r);
            return 0;
        } catch (Refusal e) {
            spec.commandLine().getErr().println("lunglens train: " + e.getMessage());
            return e.code();
        }
    }

    /** A new run must not silently replace an unfinished one of the same name: hours of training may be in it. */
    private static void refuseUnfinished(String name) throws Refusal {
        Optional<RunFolder.Resumable> old = RunFolder.describe(RunFolder.of(name));
        if (old.isPresent()) {
            throw new Refusal("an unfinished run of " + name + " (" + old.get().epochsDone() + " of "
                    + old.get().maxEpochs() + " epochs done) is in " + old.get().dir() + ": continue it with"
                    + " lunglens train --resume " + name + ", or delete that folder to start over");
        }
    }

    private static void printRunFolder(PrintWriter o, String name) {
        o.println("run folder " + RunFolder.of(name) + " (a checkpoint per epoch; if stopped, continue with"
                + " lunglens train --resume " + name + ")");
        o.flush();
    }

    private int resume(PrintWriter o) throws Refusal, IOException {
        List<String> others = spec.commandLine().getParseResult().matchedOptions().stream()
                .map(OptionSpec::longestName).filter(n -> !n.equals("--resume")).toList();
        if (dir != null || !others.isEmpty()) {
            throw new Refusal("--resume continues a run with its own data folder and settings; leave out "
                    + (dir != null ? "DIR" : String.join(", ", others)));
        }
        try {
            Path run = RunFolder.find(resume);
            RunFolder.Resumable r = RunFolder.describe(run)
                    .orElseThrow(() -> new Refusal(run + ": not a readable training run"));
            o.printf(Locale.ROOT, "LungLens train — %s%n", ModelCard.INTENDED_USE);
            o.printf(Locale.ROOT, "resuming %s after epoch %d of %d (run folder %s)%n", r.name(), r.epochsDone(),
                    r.maxEpochs(), run);
            o.flush();
            TrainingOutcome t = BundleTrainer.resume(run, listener(o, spec.commandLine().getErr(), r.maxEpochs()),
                    Main.stopOf(spec));
            printResult(o, t, r.out());
            writePdf(o, t);
            return 0;
        } catch (DatasetException | ModelBundleException e) {
            throw new Refusal(e.getMessage());
        } catch (CancelledException e) {
            throw new Refusal(cancelled(resume), Failures.CANCELLED);
        } catch (TrainingDivergedException e) {
            throw new Refusal(e.getMessage(), 1);
        }
    }

    private static String cancelled(String name) {
        return "cancelled; no model was written (continue with: lunglens train --resume " + name + ")";
    }

    private int[] parsePercent() throws Refusal {
        try {
            return Split.parsePercent(split);
        } catch (IllegalArgumentException e) {
            throw new Refusal(e.getMessage());
        }
    }

    private TrainConfig config() throws Refusal {
        try {
            TrainConfig cfg = TrainConfig.builder().architecture(arch).inputSize(size).batchSize(batch)
                    .epochs(epochs).learningRate(lr).weightDecay(weightDecay).seed(seed).patience(patience)
                    .overfitEpochs(overfitEpochs).resizing(Resizing.parse(progressive))
                    .augmentation(noAugment ? Augmentation.none() : Augmentation.standard()).build();
            if (init != null) {
                return cfg.withInit(new Initialisation(ModelRegistry.standard().resolve(init), freezeEpochs,
                        backboneLrFactor));
            }
            if (freezeEpochs != TrainConfig.FREEZE_EPOCHS || backboneLrFactor != TrainConfig.BACKBONE_LR_FACTOR) {
                throw new Refusal("--freeze-epochs and --backbone-lr-factor need --init");
            }
            return cfg;
        } catch (ModelBundleException e) {
            throw new Refusal("--init: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new Refusal(e.getMessage());
        }
    }

    private Data data(PrintWriter o, int[] percent) throws Refusal, IOException {
        try {
            FolderDataset data = FolderDataset.open(dir, classes, positive, perClass, seed);
            listNotFrontal(o, data);
            if (excludeNotFrontal) {
                data = data.withoutNotFrontal();
            }
            if (data.classes().size() != 2) {
                throw new Refusal(dir + " has " + data.classes().size() + " class folders " + data.classes()
                        + "; pick two with --classes, e.g. --classes COVID,Normal");
            }
            return new Data(data, Split.of(data, percent, seed));
        } catch (DatasetException e) {
            throw new Refusal(e.getMessage());
        }
    }

    private void printPlan(PrintWriter o, Data d, TrainConfig cfg, boolean phantoms) {
        FolderDataset data = d.set();
        Split s = d.split();
        int[] counts = data.counts();
        o.printf(Locale.ROOT, "LungLens train — %s%n", ModelCard.INTENDED_USE);
        o.printf(Locale.ROOT, "data %s: %s = %d, %s = %d (positive: %s)%s%n", dir, data.classes().get(0), counts[0],
                data.classes().get(1), counts[1], data.classes().get(data.positive()),
                phantoms ? " — synthetic phantoms" : "");
        for (String skipped : data.skipped()) {
            o.println("  skipped " + skipped);
        }
        o.printf(Locale.ROOT, "split %s (seed %d): train %d, validation %d, test %d; %s at %d², batch %d, Adam lr %s%n",
                s.ratio(), seed, s.train().size(), s.validation().size(), s.test().size(), arch, size, batch, lr);
        if (init != null) {
            o.printf(Locale.ROOT, "starting from %s%s%s%n", cfg.init().from(),
                    freezeEpochs > 0 ? ", backbone frozen for " + freezeEpochs + " epoch(s)" : "",
                    backboneLrFactor != 1 ? ", backbone learning rate x" + backboneLrFactor : "");
        }
        o.flush();
    }

    /** Batch progress on stderr, one line per epoch on stdout. */
    private static EpochListener listener(PrintWriter o, PrintWriter err, int epochs) {
        return new EpochListener() {
            @Override
            public void onBatch(int epoch, int b, int batches, double loss) {
                if (b % 10 == 0 || b == batches) {
                    err.printf(Locale.ROOT, "  epoch %d: batch %d/%d, loss %.4f%n", epoch, b, batches, loss);
                    err.flush();
                }
            }

            @Override
            public void onEpoch(EpochStats e) {
                o.printf(Locale.ROOT, "epoch %3d/%d  train loss %.4f acc %.3f | val loss %.4f acc %.3f | %.1f s%s%n",
                        e.epoch(), epochs, e.trainLoss(), e.trainAccuracy(), e.validationLoss(),
                        e.validationAccuracy(), e.millis() / 1000.0, e.overfitting() ? "  [overfitting flagged]" : "");
                o.flush();
            }

            @Override
            public void onOverfitting(OverfitDetector.Flag flag) {
                o.println("  ! " + flag);
                o.flush();
            }
        };
    }

    private TrainingOutcome train(Data d, TrainConfig cfg, Path target, boolean phantoms, EpochListener listener)
            throws Refusal, IOException {
        try {
            String command = "lunglens " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
            return BundleTrainer.train(d.set(), d.split(), cfg, target.getFileName().toString(), target, phantoms,
                    Map.of("command", command), listener, Main.stopOf(spec));
        } catch (ModelBundleException e) {
            // The --init bundle is checked against the architecture only when training starts from it.
            throw new Refusal((init != null ? "--init " + init + ": " : "") + e.getMessage());
        } catch (CancelledException e) {
            throw new Refusal(cancelled(target.getFileName().toString()), Failures.CANCELLED);
        } catch (TrainingDivergedException e) {
            throw new Refusal(e.getMessage(), 1);
        }
    }

    /** report.pdf beside report.md; the model is saved already, so a failure here is said, not fatal. */
    private void writePdf(PrintWriter o, TrainingOutcome r) {
        PrintWriter err = spec.commandLine().getErr();
        try {
            o.println("wrote " + TrainingReport.write(r, new ProgressLine("train", err, Main.stopOf(spec))));
        } catch (CancelledException e) {
            err.println("lunglens train: stopped before report.pdf was written; the model is saved");
        } catch (IOException | ModelBundleException | RuntimeException e) {
            err.println("lunglens train: the model is saved, but report.pdf could not be written: " + OneLine.of(e));
        }
        o.flush();
    }

    private static void printResult(PrintWriter o, TrainingOutcome r, Path target) {
        o.printf(Locale.ROOT, "kept epoch %d of %d%s; calibration temperature %.3f%n", r.bestEpoch(),
                r.history().size(), r.stoppedEarly() ? " (stopped early)" : "", r.temperature());
        o.println();
        o.println("Test split:");
        o.print(EvaluationText.metricsTable(r.test()));
        o.print(EvaluationText.shortcutLines(r.test()));
        o.println();
        o.println("saved " + target + " (report in " + target.resolve("report/report.md") + ")");
        o.println("use it: lunglens predict --model " + target + " FILE");
        o.flush();
    }
}
