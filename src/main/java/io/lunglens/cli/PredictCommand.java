package io.lunglens.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.lunglens.gate.GateResult;
import io.lunglens.gate.InputGate;
import io.lunglens.imaging.ImageFiles;
import io.lunglens.imaging.ImageLoadException;
import io.lunglens.imaging.ImageLoader;
import io.lunglens.imaging.XrayImage;
import io.lunglens.model.CamOverlay;
import io.lunglens.model.Classifier;
import io.lunglens.model.Explanation;
import io.lunglens.model.ModelBundleException;
import io.lunglens.model.ModelCard;
import io.lunglens.model.ModelRegistry;
import io.lunglens.model.Prediction;
import io.lunglens.report.ImageFinding;
import io.lunglens.report.ImageReport;
import io.lunglens.report.OutputNames;
import io.lunglens.report.ReportFormat;
import io.lunglens.task.AtomicFiles;
import io.lunglens.task.OneLine;
import io.lunglens.task.Progress;
import io.lunglens.training.Evaluation;
import io.lunglens.training.ShortcutCheck;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** lunglens predict FILE... : one verdict line (or JSON object) per image; failures name their reason. */
@Command(name = "predict",
        description = {"Classify chest X-rays with a model bundle. " + ModelCard.INTENDED_USE + ".",
            "Exit code: 0 all files classified, 1 some files failed (each with its reason), 2 model unusable."})
final class PredictCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Images, or folders searched for images.")
    List<Path> files;

    @Option(names = "--model", paramLabel = "M", description = "Bundle folder or model name (default: the active model).")
    String model;

    @Option(names = "--gradcam", paramLabel = "DIR", description = "Write a Grad-CAM overlay PNG per image here, as"
            + " NAME_gradcam.png (NAME-2_gradcam.png for a second file of the same name).")
    Path gradcamDir;

    @Option(names = "--occlusion", paramLabel = "DIR", description = "Also run the shortcut check (see --check), write"
            + " its occlusion map's overlay PNG here and report how much of the evidence lies inside the lung fields.")
    Path occlusionDir;

    @Option(names = "--report", paramLabel = "DIR", description = "Write a one-page report per image here, as"
            + " NAME_report.pdf (or .png with --report-format png): the film, its evidence map (the shortcut check's"
            + " occlusion map, see --check), the verdict, the input gate, the model card and the file's SHA-256.")
    Path reportDir;

    @Mixin
    CheckOption check;

    @Option(names = "--report-format", paramLabel = "pdf|png", defaultValue = "pdf",
            description = "Format of --report files (default: ${DEFAULT-VALUE}).")
    String reportFormat;

    @Option(names = "--include-dicom-ids", description = "Print DICOM patient name and ID in --report files (left out"
            + " by default).")
    boolean includeDicomIds;

    @Option(names = "--json", description = "Print JSON instead of text. Every result carries the input gate's"
            + " answer as \"gate\"; the verdict's numbers are given even when the gate fails, so check it.")
    boolean json;

    @Option(names = "--show-gated", description = "Print the verdict also for images the input gate refuses (not a"
            + " frontal chest X-ray, or outside the model's training data), marked unreliable.")
    boolean showGated;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Classifier classifier;
        try {
            classifier = Classifier.load(ModelRegistry.standard().resolve(model));
        } catch (ModelBundleException | IllegalStateException e) {
            err.println("lunglens predict: " + e.getMessage());
            return 2;
        }
        try (classifier) {
            ModelCard card = classifier.card();
            if (!createFolders(err)) {
                return 2;
            }
            if (!json) {
                out.println("LungLens — " + ModelCard.INTENDED_USE + ". Model " + card.id()
                        + (card.synthetic() ? " was trained on synthetic phantoms: its verdicts mean nothing for patients." : "."));
            }
            List<Map<String, Object>> results = new ArrayList<>();
            int failures = 0;
            for (Path f : ImageFiles.expand(files, true)) {
                Map<String, Object> r = result(classifier, f, out, err);
                if (r.containsKey("error")) {
                    failures++;
                }
                results.add(r);
                out.flush();
            }
            if (json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("intendedUse", ModelCard.INTENDED_USE);
                doc.put("model", card.id());
                doc.put("synthetic", card.synthetic());
                doc.put("results", results);
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
            }
            out.flush();
            return failures == 0 ? 0 : 1;
        }
    }

    /** The output folders asked for, made up front; false (with one line said) when one cannot be. */
    private boolean createFolders(PrintWriter err) {
        if (reportDir != null && !List.of("pdf", "png").contains(reportFormat.toLowerCase(Locale.ROOT))) {
            err.println("lunglens predict: --report-format must be pdf or png, was " + reportFormat);
            return false;
        }
        Map<String, Path> dirs = new LinkedHashMap<>();
        dirs.put("--gradcam", gradcamDir);
        dirs.put("--occlusion", occlusionDir);
        dirs.put("--report", reportDir);
        for (Map.Entry<String, Path> d : dirs.entrySet()) {
            if (d.getValue() != null && !createFolder(d.getValue(), "lunglens predict: " + d.getKey(), err)) {
                return false;
            }
        }
        return true;
    }

    /** One file's result, printed as a text line unless --json; a file that fails has an "error" instead. */
    private Map<String, Object> result(Classifier classifier, Path f, PrintWriter out, PrintWriter err) {
        ModelCard card = classifier.card();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("file", f.toString());
        try {
            XrayImage img = ImageLoader.load(f);
            Explanation cam = gradcamDir != null || reportDir != null ? classifier.explain(img) : null;
            Prediction p = cam != null ? cam.prediction() : classifier.predict(img);
            if (gradcamDir != null) {
                r.put("gradcam", writeOverlay(gradcamDir, "gradcam", img, cam, f).toString());
            }
            GateResult gate = InputGate.standard().judge(img, p, card);
            r.putAll(verdict(p, card));
            r.put("gate", gate.json());
            boolean reportShowsVerdict = gate.passed() || showGated;
            ShortcutCheck occ = occlusionDir != null || (reportDir != null && reportShowsVerdict)
                    ? occlusion(classifier, img, p, f, r) : null;
            if (reportDir != null) {
                r.put("report", writeReport(f, img, ImageFinding.Verdict.of(p, gate, showGated), cam, occ, card)
                        .toString());
            }
            if (!json) {
                out.println(textLine(f, p, gate, card, r));
            }
        } catch (ImageLoadException | IOException | IllegalArgumentException e) {
            String reason = e instanceof ImageLoadException ? e.getMessage() : f + ": " + e.getMessage();
            r.put("error", reason);
            if (!json) {
                err.println(reason);
            }
        }
        return r;
    }

    /** The shortcut check: its map's overlay when asked for, and how much of the evidence lies inside the lungs. */
    private ShortcutCheck occlusion(Classifier classifier, XrayImage img, Prediction p, Path f, Map<String, Object> r)
            throws IOException {
        ShortcutCheck o = ShortcutCheck.run(classifier, img, p.classIndex(), check.method, Progress.none());
        if (occlusionDir != null) {
            r.put("occlusion", writeOverlay(occlusionDir, "occlusion", img, o.map(), f).toString());
        }
        double inside = o.shareInLungs();
        r.put("shortcutCheck", o.method().label());
        r.put("evidenceInLungs", Double.isNaN(inside) ? null : Math.round(inside * 1000) / 1000.0);
        r.put("shortcutSuspected", inside < Evaluation.SHORTCUT_THRESHOLD);
        return o;
    }

    /** The image's report, with the occlusion map when there is one (it says where the evidence is), else Grad-CAM. */
    private Path writeReport(Path f, XrayImage img, ImageFinding.Verdict v, Explanation cam, ShortcutCheck occ,
                             ModelCard card) throws IOException {
        ImageFinding.Evidence evidence = occ == null
                ? new ImageFinding.Evidence(cam.cam(), cam.width(), cam.height(), ImageFinding.Evidence.GRAD_CAM,
                        Double.NaN, "")
                : new ImageFinding.Evidence(occ.map().cam(), occ.map().width(), occ.map().height(),
                        occ.method().label(), occ.shareInLungs(), occ.warning());
        ImageFinding finding = new ImageFinding(ImageFinding.Source.of(f, img, includeDicomIds),
                ImageFinding.Reading.standard(img), v, evidence, card, Instant.now());
        ReportFormat format = ReportFormat.valueOf(reportFormat.toUpperCase(Locale.ROOT));
        return ImageReport.write(finding, names.reportFor(reportDir, f, format));
    }

    private static Map<String, Object> verdict(Prediction p, ModelCard card) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("label", p.label());
        r.put("positiveClass", p.positiveClass());
        r.put("positiveProbability", p.positiveProbability());
        Map<String, Object> probs = new LinkedHashMap<>();
        for (int i = 0; i < p.classes().size(); i++) {
            probs.put(p.classes().get(i), p.calibrated()[i]);
        }
        r.put("probabilities", probs);
        r.put("model", p.modelId());
        r.put("synthetic", card.synthetic());
        r.put("millis", Math.round(p.millis() * 10) / 10.0);
        return r;
    }

    /** One result as text: the verdict, or in its place what the gate found (and the verdict if asked, marked). */
    private String textLine(Path f, Prediction p, GateResult gate, ModelCard card, Map<String, Object> r) {
        String verdict = String.format(Locale.ROOT, "%s  p(%s)=%.2f", p.label(), p.positiveClass(),
                p.positiveProbability());
        String shown = gate.passed() ? verdict
                : gate.shortReason().toUpperCase(Locale.ROOT) + String.format(Locale.ROOT, " (frontal %.2f%s)",
                        gate.frontalScore(), gate.inTrainingDomain() ? ""
                                : String.format(Locale.ROOT, ", domain %.1f", gate.domainScore()))
                        + (showGated ? "  unreliable: " + verdict : "");
        return String.format(Locale.ROOT, "%s  %s  model=%s%s  %.0f ms%s%s", f, shown, card.name(),
                card.synthetic() ? " (synthetic phantoms)" : "", p.millis(),
                r.containsKey("gradcam") ? "  gradcam=" + r.get("gradcam") : "", evidence(r));
    }

    /** The occlusion part of a text line: the overlay, the share in the lungs and a possible-shortcut flag. */
    private static String evidence(Map<String, Object> r) {
        if (!r.containsKey("occlusion")) {
            return "";
        }
        Object inside = r.get("evidenceInLungs");
        return "  occlusion=" + r.get("occlusion") + (inside == null ? "  lungs not found"
                : String.format(Locale.ROOT, "  %.0f%% of evidence in lungs (%s)%s", ((Double) inside) * 100,
                        r.get("shortcutCheck"),
                        Boolean.TRUE.equals(r.get("shortcutSuspected")) ? "  POSSIBLE SHORTCUT" : ""));
    }

    /** Creates an output folder up front, or says in one line which option ("lunglens predict: --gradcam") cannot. */
    static boolean createFolder(Path dir, String option, PrintWriter err) {
        try {
            Files.createDirectories(dir);
            return true;
        } catch (IOException e) {
            err.println(option + " " + dir + ": cannot create the folder: " + OneLine.of(e));
            return false;
        }
    }

    /** Each source's overlays and report share one stem in this run; two sources never share one. */
    private final OutputNames names = new OutputNames();

    private Path writeOverlay(Path dir, String kind, XrayImage img, Explanation e, Path source) throws IOException {
        Path target = dir.resolve(names.stem(source) + "_" + kind + ".png");
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(CamOverlay.render(img, e), "png", png);
        AtomicFiles.write(target, png.toByteArray());
        return target;
    }
}
