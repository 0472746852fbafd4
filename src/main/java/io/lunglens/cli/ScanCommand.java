package io.lunglens.cli;

import io.lunglens.gate.GateResult;
import io.lunglens.model.Classifier;
import io.lunglens.model.ModelBundleException;
import io.lunglens.model.ModelCard;
import io.lunglens.model.ModelRegistry;
import io.lunglens.scan.ScanJob;
import io.lunglens.scan.ScanListener;
import io.lunglens.scan.ScanOptions;
import io.lunglens.scan.ScanStats;
import io.lunglens.scan.ScanSummary;
import io.lunglens.task.CancelToken;
import io.lunglens.task.CancelledException;
import io.lunglens.training.EvaluationText;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** lunglens scan DIR --out FILE : one CSV row per image of a folder of any size; progress on stderr. */
@Command(name = "scan", description = "Classify every image in a folder into a CSV, streamed and resumable. "
        + ModelCard.INTENDED_USE + ".")
final class ScanCommand implements Callable<Integer> {

    private static final long PROGRESS_NANOS = 2_000_000_000L;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "Folder of images (by content: PNG, JPEG, BMP, GIF, TIFF, DICOM).")
    Path dir;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", defaultValue = "scan.csv",
            description = "CSV to write (default: ${DEFAULT-VALUE}); rows go to FILE.partial until the scan completes.")
    Path out;

    @Option(names = "--model", paramLabel = "M", description = "Bundle folder or model name (default: the active model).")
    String model;

    @Option(names = "--recursive", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Scan subfolders too (default: yes; --no-recursive for the top folder only).")
    boolean recursive;

    @Option(names = "--resume", description = "Keep the rows already in FILE or FILE.partial and scan only the rest.")
    boolean resume;

    @Option(names = "--include-dicom-ids",
            description = "Add DICOM PatientName and PatientID columns. Off by default: identifiers stay out of the output.")
    boolean includeDicomIds;

    @Option(names = "--ungated", description = "Score every readable image in the labelled-folder metrics, also those"
            + " the input gate refuses (not a frontal chest X-ray, or outside the model's training data).")
    boolean ungated;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "8", description = "Images per network pass (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--decoders", paramLabel = "N", description = "Decoding threads (default: 1 per 2 cores, at most 2).")
    Integer decoders;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ScanOptions options;
        try {
            options = new ScanOptions(dir, out, recursive, resume, includeDicomIds, batch,
                    decoders != null ? decoders : ScanOptions.defaultDecoders(), ungated, false);
        } catch (IllegalArgumentException e) {
            err.println("lunglens scan: " + e.getMessage());
            return 2;
        }
        Classifier classifier;
        try {
            classifier = Classifier.load(ModelRegistry.standard().resolve(model));
        } catch (ModelBundleException | IllegalStateException e) {
            err.println("lunglens scan: " + e.getMessage());
            return 2;
        }
        try (classifier) {
            ModelCard card = classifier.card();
            o.println("LungLens scan — " + ModelCard.INTENDED_USE + ". Model " + card.id()
                    + (card.synthetic() ? " was trained on synthetic phantoms: its verdicts mean nothing for patients." : "."));
            o.flush();
            CancelToken token = Main.stopOf(spec);
            ScanListener progressLine = progressLine(err);
            // Ctrl-C or SIGTERM cancels the token (ShutdownGuard): the rows finished so far stay in FILE.partial.
            ScanSummary s;
            try {
                s = new ScanJob(classifier, options, progressLine).run(token);
            } catch (CancelledException e) {
                err.println("lunglens scan: cancelled; finished rows are in " + options.partial()
                        + " (run again with --resume to continue)");
                return Failures.CANCELLED;
            } catch (IllegalArgumentException | IOException e) {
                err.println("lunglens scan: " + e.getMessage());
                return 2;
            }
            print(o, s);
            return 0;
        }
    }

    /** Prints the scan's progress on err every two seconds. */
    static ScanListener progressLine(PrintWriter err) {
        long[] last = {System.nanoTime()};
        return new ScanListener() {
            @Override
            public void progress(ScanStats s) {
                if (System.nanoTime() - last[0] >= PROGRESS_NANOS) {
                    last[0] = System.nanoTime();
                    err.println("scan " + s.describe());
                    err.flush();
                }
            }
        };
    }

    static void print(PrintWriter o, ScanSummary s) {
        o.printf(Locale.ROOT, "%d files: %d scanned now, %d kept from before, %d unreadable; %.1f img/s, %.1f s%n",
                s.files(), s.scanned(), s.resumed(), s.errors(), s.imagesPerSecond(), s.seconds());
        for (Map.Entry<String, Integer> e : s.perLabel().entrySet()) {
            o.println("  " + e.getKey() + ": " + e.getValue());
        }
        if (s.gated() > 0) {
            o.println("  no verdict (input gate: " + GateResult.NOT_FRONTAL + ", or " + GateResult.OUTSIDE_DOMAIN
                    + "): " + s.gated() + "; see the frontal_cxr and in_training_domain columns");
        }
        if (s.labelled()) {
            o.println("Labelled folder: evaluation against the class folders"
                    + (s.evaluation().gated().isEmpty() ? "" : ", on the " + s.evaluation().rows().size()
                    + " images the input gate passed (" + s.evaluation().gated().size() + " left out; --ungated"
                    + " scores them too)"));
            o.print(EvaluationText.metricsTable(s.evaluation()));
        } else if (s.labelledFolder() && s.gated() > 0) {
            o.println("Labelled folder: no metrics: the input gate refused every readable image (--ungated scores"
                    + " them anyway, as unreliable verdicts)");
        }
        o.println("wrote " + s.output());
        o.flush();
    }
}
