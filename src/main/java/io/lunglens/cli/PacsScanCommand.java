package io.lunglens.cli;

import io.lunglens.imaging.ImageLoadException;
import io.lunglens.model.Classifier;
import io.lunglens.model.ModelBundleException;
import io.lunglens.model.ModelCard;
import io.lunglens.model.ModelRegistry;
import io.lunglens.pacs.DicomWebClient;
import io.lunglens.pacs.PacsException;
import io.lunglens.pacs.Worklist;
import io.lunglens.scan.ScanJob;
import io.lunglens.scan.ScanListener;
import io.lunglens.scan.ScanOptions;
import io.lunglens.scan.ScanRow;
import io.lunglens.scan.ScanSummary;
import io.lunglens.task.CancelToken;
import io.lunglens.task.CancelledException;
import io.lunglens.task.Progress;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * lunglens pacs scan: retrieves the matching studies' radiographs into FILE.images/ and scans that folder exactly as
 * `lunglens scan` does (same CSV, same metrics). A server that stops half way leaves FILE.partial with the rows of
 * the images retrieved so far; --resume retrieves and scans only the rest.
 */
@Command(name = "scan", description = "Scan the radiographs of every matching study into a CSV, as `lunglens scan`"
        + " does for a folder; optionally send each verdict back into its study. " + ModelCard.INTENDED_USE + ".")
final class PacsScanCommand implements Callable<Integer> {

    /** Exit code when the server failed part way: the rows so far are in FILE.partial. */
    static final int INCOMPLETE = 3;

    @Spec
    CommandSpec spec;

    @Mixin
    PacsCommand.Query query;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", defaultValue = "pacs-scan.csv",
            description = "CSV to write (default: ${DEFAULT-VALUE}); images are kept in FILE.images/.")
    Path out;

    @Option(names = "--model", paramLabel = "M", description = "Bundle folder or model name (default: the active model).")
    String model;

    @Option(names = "--resume", description = "Keep the images and rows of an earlier run and do only the rest.")
    boolean resume;

    @Option(names = "--include-dicom-ids",
            description = "Add DICOM PatientName and PatientID columns. Off by default: identifiers stay out of the output.")
    boolean includeDicomIds;

    @Option(names = "--send-results", description = "Store each verdict in its film's study as a new series: a"
            + " Secondary Capture of the film with the evidence and the verdict burned in (opt-in).")
    boolean sendResults;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "8", description = "Images per network pass (default: ${DEFAULT-VALUE}).")
    int batch;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CancelToken token = Main.stopOf(spec.parent());
        Path images = out.resolveSibling(out.getFileName() + ".images");
        Worklist.Download download;
        DicomWebClient client;
        try {
            client = query.client();
            Worklist list = Worklist.find(client, query.query());
            o.println(list.instances().size() + " images in the matching studies on " + client.server().label());
            o.flush();
            if (!resume) {
                clear(images);
            }
            download = list.download(client, images, token);
        } catch (PacsException | IllegalArgumentException | IOException e) {
            err.println("lunglens pacs scan: " + e.getMessage());
            return 2;
        } catch (CancelledException e) {
            err.println("lunglens pacs scan: cancelled; retrieved images stay in " + images
                    + " (run again with --resume to continue)");
            return Failures.CANCELLED;
        }
        Classifier classifier;
        try {
            classifier = Classifier.load(ModelRegistry.standard().resolve(model));
        } catch (ModelBundleException | IllegalStateException e) {
            err.println("lunglens pacs scan: " + e.getMessage());
            return 2;
        }
        try (classifier) {
            ScanOptions options = ScanOptions.of(images, out).withRecursive(false).withResume(resume)
                    .withDicomIds(includeDicomIds).withBatchSize(batch);
            List<ScanRow> rows = new ArrayList<>();
            ScanListener progress = ScanCommand.progressLine(err);
            ScanSummary s;
            try {
                s = new ScanJob(classifier, options, new ScanListener() {
                    @Override
                    public void rows(List<ScanRow> r) {
                        rows.addAll(r);
                    }

                    @Override
                    public void progress(io.lunglens.scan.ScanStats stats) {
                        progress.progress(stats);
                    }
                }).run(token);
            } catch (CancelledException e) {
                err.println("lunglens pacs scan: cancelled; finished rows are in " + options.partial()
                        + " (run again with --resume to continue)");
                return Failures.CANCELLED;
            } catch (IllegalArgumentException | IOException e) {
                err.println("lunglens pacs scan: " + e.getMessage());
                return 2;
            }
            if (!download.complete()) {
                // The rows are right but not all: keep them where --resume looks, not as the finished output.
                Files.move(out, options.partial(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                err.println("lunglens pacs scan: " + download.failure());
                err.println("lunglens pacs scan: incomplete: " + download.files().size() + " images scanned; their rows"
                        + " are in " + options.partial() + " (run again with --resume to continue)");
                return INCOMPLETE;
            }
            ScanCommand.print(o, s);
            o.println("images kept in " + images + " (delete them when done)");
            if (sendResults) {
                return send(client, classifier, download, rows, token, o, err);
            }
            return 0;
        }
    }

    private static int send(DicomWebClient client, Classifier classifier, Worklist.Download download,
                            List<ScanRow> rows, Progress token, PrintWriter o, PrintWriter err) {
        try {
            int sent = PacsResults.send(client, classifier, download.files(), rows, token);
            o.println("sent " + sent + " results to " + client.server().label() + " as new series \""
                    + PacsResults.DESCRIPTION + "\" in their studies");
            o.flush();
            return 0;
        } catch (PacsException | ImageLoadException e) {
            err.println("lunglens pacs scan: sending results: " + e.getMessage());
            return 2;
        }
    }

    /** Empties the image folder of an earlier run, which a fresh scan must not count. */
    private static void clear(Path images) throws IOException {
        if (Files.isDirectory(images)) {
            try (var s = Files.list(images)) {
                for (Path p : s.toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
