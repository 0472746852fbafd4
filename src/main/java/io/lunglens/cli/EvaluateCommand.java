package io.lunglens.cli;

import io.lunglens.model.Classifier;
import io.lunglens.model.ModelBundle;
import io.lunglens.model.ModelBundleException;
import io.lunglens.model.ModelCard;
import io.lunglens.model.ModelRegistry;
import io.lunglens.report.EvaluationReport;
import io.lunglens.task.AtomicFiles;
import io.lunglens.task.CancelledException;
import io.lunglens.task.OneLine;
import io.lunglens.training.DatasetException;
import io.lunglens.training.Evaluation;
import io.lunglens.training.EvaluationJob;
import io.lunglens.training.EvaluationJson;
import io.lunglens.training.EvaluationResult;
import io.lunglens.training.EvaluationText;
import io.lunglens.training.FolderDataset;
import io.lunglens.training.ReportFolder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** lunglens evaluate DIR --model M : metrics with intervals on any labelled folder. */
@Command(name = "evaluate", description = "Score a model on a labelled folder (one subfolder per class).")
final class EvaluateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "Labelled folder: <class>/*.png or <class>/images/*.png.")
    Path dir;

    @Option(names = "--model", paramLabel = "M", description = "Bundle folder or model name (default: the active model).")
    String model;

    @Option(names = "--classes", split = ",", paramLabel = "A,B", description = "Class folders to use (default: all).")
    List<String> classes;

    @Option(names = "--positive", paramLabel = "CLASS", description = "Positive class folder (default: the one named like COVID).")
    String positive;

    @Option(names = "--test-split", description = "Only the files the model's split manifest (split.json) put in its"
            + " test split, checked by hash: DIR is the folder it was trained on. Every one is scored, past the input"
            + " gate, as training scored them, so the numbers compare with the card's.")
    boolean testSplit;

    @Option(names = "--ungated", description = "Score every readable image, also those the input gate refuses (not a"
            + " frontal chest X-ray, or outside the model's training data).")
    boolean ungated;

    @Option(names = "--csv", paramLabel = "FILE", description = "Write one row per image here.")
    Path csv;

    @Option(names = "--report", paramLabel = "DIR", description = "Write evaluation.json, report.md, roc.png and"
            + " report.pdf (with the shortcut check's maps of the three most confident images of each predicted class)"
            + " here.")
    Path report;

    @Mixin
    CheckOption check;

    @Option(names = "--record-in-card", paramLabel = "KEY", description = "Also record these metrics in the model's card under KEY (e.g. freshPhantoms).")
    String recordKey;

    @Override
    public Integer call() throws Exception {
        try {
            return evaluate();
        } catch (Refusal r) {
            spec.commandLine().getErr().println("lunglens evaluate: " + r.getMessage());
            return r.code();
        }
    }

    private int evaluate() throws Refusal, IOException {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        EvaluationJob.Request request = request();
        EvaluationJob.Input in = input(request);
        if (report != null && !PredictCommand.createFolder(report, "lunglens evaluate: --report", err)
                || csv != null && !PredictCommand.createFolder(csv.toAbsolutePath().getParent(), "lunglens evaluate: --csv", err)) {
            return 2;
        }
        try (Classifier c = Classifier.load(request.bundleDir())) {
            ModelCard card = c.card();
            o.println("LungLens evaluate — " + ModelCard.INTENDED_USE + ". Model " + card.id()
                    + (card.synthetic() ? " (trained on synthetic phantoms)" : ""));
            EvaluationResult result = score(c, request, in);
            Evaluation e = result.evaluation();
            print(o, in.data(), e);
            write(o, c, result);
            if (recordKey != null) {
                record(o, c, e);
            }
            o.flush();
            return 0;
        } catch (ModelBundleException e) {
            throw new Refusal(e.getMessage());
        }
    }

    /** The run the options ask for; the CLI leaves the data audit to {@code lunglens audit}. */
    private EvaluationJob.Request request() throws Refusal {
        try {
            return new EvaluationJob.Request(ModelRegistry.standard().resolve(model), dir, classes, positive,
                    testSplit, ungated, false, check.method);
        } catch (ModelBundleException e) {
            throw new Refusal(e.getMessage());
        }
    }

    private static EvaluationJob.Input input(EvaluationJob.Request request) throws Refusal, IOException {
        try {
            return EvaluationJob.prepare(request);
        } catch (DatasetException | ModelBundleException e) {
            throw new Refusal(e.getMessage());
        }
    }

    private EvaluationResult score(Classifier c, EvaluationJob.Request request, EvaluationJob.Input in)
            throws Refusal, IOException {
        try {
            return EvaluationJob.evaluate(c, request, in,
                    new ProgressLine("evaluate", spec.commandLine().getErr(), Main.stopOf(spec)));
        } catch (DatasetException unreadable) {
            throw new Refusal(unreadable.getMessage());
        } catch (CancelledException stopped) {
            throw new Refusal("cancelled; nothing was written", Failures.CANCELLED);
        } catch (IllegalArgumentException nothing) {
            throw new Refusal(nothing.getMessage() + (ungated ? "" : "; --ungated scores them"
                    + " anyway, as unreliable verdicts"));
        }
    }

    private static void print(PrintWriter o, FolderDataset data, Evaluation e) {
        for (String s : data.skipped()) {
            o.println("  skipped " + s);
        }
        for (String s : e.unreadable()) {
            o.println("  unreadable " + s);
        }
        for (String s : e.gated()) {
            o.println("  no verdict " + s);
        }
        if (!e.gated().isEmpty()) {
            o.println("ClassificationMetrics on the " + e.rows().size() + " images the input gate passed; " + e.gated().size()
                    + " left out (--ungated scores them too).");
        }
        o.print(EvaluationText.metricsTable(e));
        o.print(EvaluationText.shortcutLines(e));
    }

    private void write(PrintWriter o, Classifier c, EvaluationResult result) throws Refusal {
        ModelCard card = c.card();
        Evaluation e = result.evaluation();
        try {
            if (csv != null) {
                AtomicFiles.write(csv, ReportFolder.rowsCsv(e));
                o.println("wrote " + csv);
            }
            if (report != null) {
                Path pdf = EvaluationReport.writeFolder(result, c, report,
                        new ProgressLine("evaluate", spec.commandLine().getErr(), Main.stopOf(spec)));
                o.println("wrote " + report.resolve("report.md"));
                o.println("wrote " + pdf);
            }
        } catch (IOException written) {
            throw new Refusal("cannot write " + (csv != null ? "--csv " + csv : "")
                    + (csv != null && report != null ? " or " : "") + (report != null ? "--report " + report : "")
                    + ": " + OneLine.of(written));
        }
    }

    private void record(PrintWriter o, Classifier c, Evaluation e) throws ModelBundleException {
        Map<String, Object> m = new LinkedHashMap<>(EvaluationJson.metrics(e));
        m.put("images", e.rows().size());
        m.put("dataset", dir.toAbsolutePath().normalize().toString());
        m.put("evaluatedAt", Instant.now().toString());
        // Re-read under a lock: another run may have recorded its own key since this one started.
        ModelBundle.updateCard(c.bundle().dir(), saved -> {
            Map<String, Object> all = new LinkedHashMap<>(saved.testMetrics());
            all.put(recordKey, m);
            return saved.withTestMetrics(all);
        });
        o.println("recorded in " + c.bundle().dir().resolve(ModelBundle.CARD_FILE) + " under " + recordKey);
    }
}
