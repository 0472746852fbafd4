package io.lunglens.ui;

import io.lunglens.imaging.ImageFiles;
import io.lunglens.imaging.ImageLoader;
import io.lunglens.imaging.XrayImage;
import io.lunglens.model.EvidenceMethod;
import io.lunglens.model.ModelCard;
import io.lunglens.report.ImageFinding;
import io.lunglens.report.ImageReport;
import io.lunglens.task.AtomicFiles;
import io.lunglens.task.OneLine;
import io.lunglens.ui.background.BackgroundTask;
import io.lunglens.ui.background.LatestRequest;
import io.lunglens.ui.background.TaskExecutor;
import io.lunglens.ui.files.FolderViewModel;
import io.lunglens.ui.files.RecentFiles;
import io.lunglens.ui.verdict.VerdictViewModel;
import io.lunglens.ui.viewer.EvidenceMap;
import io.lunglens.ui.viewer.ViewerViewModel;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.Image;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The main window's behaviour: opening files and folders, running load and analysis in the background with
 * the latest request winning, switching models, exporting. It holds no nodes, so tests can drive it directly.
 */
public final class AppController implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AppController.class);

    private final ViewerViewModel viewer = new ViewerViewModel();
    private final VerdictViewModel verdict = new VerdictViewModel();
    private final FolderViewModel folder = new FolderViewModel();
    private final ModelSource models;
    private final RecentFiles recent;
    private final TaskExecutor compute;
    private final LatestRequest loads;
    private final LatestRequest analyses;
    private final LatestRequest modelLoads;
    private final LatestRequest exports;
    // The shortcut check segments the lungs; it follows the verdict instead of delaying it.
    private final LatestRequest checks;
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "Ready");
    private final ReadOnlyObjectWrapper<Path> currentFile = new ReadOnlyObjectWrapper<>(this, "currentFile");
    private final ReadOnlyStringWrapper activeModel = new ReadOnlyStringWrapper(this, "activeModel", "");
    private Consumer<String> problems = s -> { };
    private Explainer explainer;
    /** A refused image's shortcut check, run if the user asks to see its verdict anyway; FX thread only. */
    private Runnable deferredCheck;
    private boolean switchingModel;
    /** What the shown image's report would state: its verdict, and the occlusion check once it arrives. */
    private Explained shownVerdict;
    private EvidenceCheck shownCheck;
    private final ReadOnlyBooleanWrapper reportReady = new ReadOnlyBooleanWrapper(this, "reportReady");

    /**
     * @param io decodes files and writes exports
     * @param compute runs model work; it must run one task at a time, as a model holds one set of weights
     */
    public AppController(ModelSource models, RecentFiles recent, TaskExecutor io, TaskExecutor compute) {
        this.models = models;
        this.recent = recent;
        this.compute = compute;
        loads = new LatestRequest(io);
        analyses = new LatestRequest(compute);
        modelLoads = new LatestRequest(compute);
        exports = new LatestRequest(io);
        checks = new LatestRequest(io);
        verdict.showAnywayProperty().addListener((o, was, on) -> {
            viewer.setEvidenceWithheld(verdict.gatedProperty().get() && !on);
            Runnable deferred = deferredCheck;
            if (on && deferred != null) {
                deferredCheck = null;
                deferred.run();
            }
        });
        viewer.camClassProperty().addListener((o, a, b) -> {
            if (!switchingModel) {
                analyse();
            }
        });
        viewer.checkMethodProperty().addListener((o, a, b) -> analyse());
        folder.indexProperty().addListener((o, a, i) -> {
            Path p = folder.current();
            if (p != null && !p.equals(currentFile.get())) {
                load(p);
            }
        });
    }

    /** Where one-line problem reports go (the window shows them as a notification). */
    public void setProblemSink(Consumer<String> sink) {
        problems = sink;
    }

    /** Opens the first installed model, if any. */
    public void start() {
        List<String> names = models.names();
        if (names.isEmpty()) {
            verdict.setModel("", false);
        } else {
            selectModel(names.get(0));
        }
    }

    // ---- files

    /** Opens a file, or a folder as a browsable list. */
    public void open(Path path) {
        if (Files.isDirectory(path)) {
            openFolder(path);
            return;
        }
        int i = folder.getFiles().indexOf(path);
        if (i >= 0) {
            folder.indexProperty().set(i);
            return;
        }
        folder.close();
        load(path);
    }

    /** Lists a folder's images (sub-folders included, as data sets keep classes in them) and shows the first. */
    public void openFolder(Path dir) {
        List<Path> files;
        try {
            files = ImageFiles.list(dir, true);
        } catch (IOException | RuntimeException e) {
            problem(dir + ": cannot list folder: " + e.getMessage());
            return;
        }
        if (files.isEmpty()) {
            problem(dir + ": no image files in this folder");
            return;
        }
        recent.add(dir);
        folder.show(dir, files);
        folder.indexProperty().set(0);
    }

    /** Opens several dropped files as a list, or one as a plain file. */
    public void openAll(List<Path> paths) {
        if (paths.size() == 1) {
            open(paths.get(0));
        } else if (!paths.isEmpty()) {
            Path parent = paths.get(0).toAbsolutePath().getParent();
            folder.show(parent, paths);
            folder.indexProperty().set(0);
        }
    }

    /** Steps through the open folder; false when there is no folder or the end is reached. */
    public boolean step(int delta) {
        return folder.move(delta);
    }

    private void load(Path file) {
        status.set("Opening " + file.getFileName() + "\u2026");
        loads.next().run(p -> ImageLoader.load(file), img -> shown(file, img), e -> {
            status.set(currentFile.get() == null ? "Ready" : describe(currentFile.get(), viewer.getImage()));
            problem(oneLine(file, e));
        });
    }

    private void shown(Path file, XrayImage img) {
        currentFile.set(file);
        // The model starts first: rendering the image then overlaps with it.
        analyse(img, file);
        viewer.setImage(img);
        status.set(describe(file, img));
        if (folder.folderProperty().get() == null) {
            recent.add(file);
        }
    }

    // ---- model

    /** Loads a model in the background; on failure the previous model stays active. */
    public void selectModel(String name) {
        status.set("Loading model " + name + "\u2026");
        modelLoads.next().run(p -> models.open(name), ex -> {
            Explainer old = explainer;
            explainer = ex;
            activeModel.set(name);
            verdict.setModel(ex.name(), ex.syntheticTraining());
            switchingModel = true;
            viewer.setCamClasses(ex.classNames(), ex.positiveClass());
            switchingModel = false;
            status.set(currentFile.get() == null ? "Model " + ex.name() + " ready"
                    : describe(currentFile.get(), viewer.getImage()));
            // Requests for the old model are cancelled first; one still running (an occlusion map) holds the
            // model, which is freed when it ends.
            analyse();
            if (old != null) {
                closeLater(old);
            }
        }, e -> {
            status.set(explainer == null ? "No model loaded" : "Model " + explainer.name() + " ready");
            problem("Model " + name + " failed to load: " + message(e));
        });
    }

    /** Closes a model on the model thread, behind the analysis queued there; a model in use is freed once idle. */
    private void closeLater(Explainer ex) {
        compute.execute(BackgroundTask.of(p -> {
            ex.close();
            return null;
        }));
    }

    /** Runs (again) the verdict and Grad-CAM for the shown image. */
    public void analyse() {
        if (viewer.getImage() != null) {
            analyse(viewer.getImage(), currentFile.get());
        }
    }

    private void analyse(XrayImage img, Path file) {
        Explainer ex = explainer;
        if (ex == null) {
            analyses.cancel();
            checks.cancel();
            verdict.unavailable(file, "No model loaded: choose one in the Model menu.");
            return;
        }
        int camClass = Math.max(0, viewer.camClassProperty().get());
        verdict.analysing(file);
        viewer.clearMaps();
        setShown(null, null);
        LatestRequest.Ticket check = checks.next();
        deferredCheck = null;
        analyses.next().run(p -> ex.explain(img, camClass), e -> {
            verdict.show(file, e, ex.classNames().get(ex.positiveClass()));
            setShown(e, null);
            boolean withheld = verdict.gatedProperty().get() && !verdict.showAnywayProperty().get();
            viewer.setEvidenceWithheld(withheld);
            viewer.setMap(EvidenceMap.GRAD_CAM, e.cam(), e.camWidth(), e.camHeight());
            // A refused image's shortcut check waits until its verdict is asked for: passes for nobody otherwise.
            if (withheld) {
                deferredCheck = () -> checkEvidence(checks.next(), ex, img, file, e);
            } else {
                checkEvidence(check, ex, img, file, e);
            }
        }, e -> {
            verdict.unavailable(file, "No verdict: " + message(e));
            problem(oneLine(file, e));
        });
    }

    /** The shortcut check follows the verdict, by the method chosen in the overlay controls. */
    private void checkEvidence(LatestRequest.Ticket check, Explainer ex, XrayImage img, Path file, Explained e) {
        EvidenceMethod method = viewer.checkMethodProperty().get();
        check.run(p -> {
            p.update(0, 0, "checking where the evidence lies (" + method.label() + ")");
            return ex.shortcutCheck(img, e.camClass(), method, p);
        }, c -> {
            setShown(e, c);
            viewer.setMap(EvidenceMap.OCCLUSION, c.map().cam(), c.map().camWidth(), c.map().camHeight());
            verdict.setShortcutWarning(c.warning());
        }, err -> LOG.warn("shortcut check failed for {}: {}", file, err.toString()));
    }

    private void setShown(Explained e, EvidenceCheck c) {
        shownVerdict = e;
        shownCheck = c;
        reportReady.set(e != null);
    }

    public Explainer explainer() {
        return explainer;
    }

    // ---- export

    /** Writes a snapshot of the view to a PNG, atomically; the snapshot is taken by the caller on the FX thread. */
    public void exportPng(Image view, Path target) {
        BufferedImage img = SwingFXUtils.fromFXImage(view, null);
        exports.next().run(p -> {
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            if (!ImageIO.write(img, "png", png)) {
                throw new IOException("no PNG writer");
            }
            AtomicFiles.write(target, png.toByteArray());
            return target;
        }, t -> status.set("Saved " + t.getFileName()), e -> problem(oneLine(target, e)));
    }

    /**
     * Writes the shown image's report (PDF or PNG by the name's extension): its verdict as the panel shows it, the
     * shortcut check's occlusion map when it has finished (else Grad-CAM), the window in use, and the patient identifiers only
     * when asked.
     */
    public void exportReport(Path target, boolean includeIdentifiers) {
        Path file = currentFile.get();
        XrayImage img = viewer.imageProperty().get();
        Explainer ex = explainer;
        if (!reportReady.get() || file == null || img == null || ex == null) {
            problem("No verdict to report yet.");
            return;
        }
        Explained e = shownVerdict;
        ImageFinding.Verdict v = new ImageFinding.Verdict(e.label(), ex.classNames().get(ex.positiveClass()),
                e.positive(), e.gate(), verdict.showAnywayProperty().get());
        ImageFinding.Evidence evidence = evidence(e, shownCheck);
        ImageFinding.Reading reading = new ImageFinding.Reading(img, viewer.windowProperty().get(),
                viewer.invertedProperty().get());
        ModelCard card = ex.card();
        exports.next().run(p -> ImageReport.write(new ImageFinding(ImageFinding.Source.of(file, img,
                includeIdentifiers), reading, v, evidence, card, Instant.now()), target),
                t -> status.set("Saved report " + t.getFileName()), err -> problem(oneLine(target, err)));
    }

    private static ImageFinding.Evidence evidence(Explained e, EvidenceCheck c) {
        if (c == null) {
            return new ImageFinding.Evidence(e.cam(), e.camWidth(), e.camHeight(), ImageFinding.Evidence.GRAD_CAM,
                    Double.NaN, "");
        }
        Explained m = c.map();
        return new ImageFinding.Evidence(m.cam(), m.camWidth(), m.camHeight(), c.method().label(),
                c.shareInLungs(), c.warning());
    }

    // ---- helpers

    private void problem(String message) {
        status.set(message);
        problems.accept(message);
    }

    private static String describe(Path file, XrayImage img) {
        String notes = img.info().notesLine();
        return file.getFileName() + " \u2014 " + img.info().format() + " " + img.width() + "\u00D7" + img.height()
                + ", " + img.bitsStored() + "-bit" + (notes.isEmpty() ? "" : " (" + notes + ")");
    }

    /** One line that names the file, whatever the exception. */
    static String oneLine(Path file, Throwable e) {
        String m = message(e);
        return m.contains(file.toString()) ? m : file + ": " + m;
    }

    private static String message(Throwable e) {
        Throwable t = e;
        while (t.getMessage() == null && t.getCause() != null) {
            t = t.getCause();
        }
        return OneLine.of(t);
    }

    /** Cancels what runs and frees the model once idle; the executors' owner ends their threads. On the FX thread. */
    @Override
    public void close() {
        requests().forEach(LatestRequest::cancel);
        Explainer last = explainer;
        explainer = null;
        if (last != null) {
            closeLater(last);
        }
    }

    public ViewerViewModel viewer() { return viewer; }

    public VerdictViewModel verdict() { return verdict; }

    public FolderViewModel folder() { return folder; }

    public RecentFiles recent() { return recent; }

    /** The shipped sample X-rays (real ones and labelled phantoms), if this installation has them. */
    public Optional<Path> samples() {
        Path p = Path.of(System.getProperty("lunglens.samples", "assets/samples"));
        return Files.isDirectory(p) ? Optional.of(p.toAbsolutePath()) : Optional.empty();
    }

    public void openSamples() {
        samples().ifPresent(this::openFolder);
    }

    public ModelSource models() { return models; }

    /** A verdict is shown, so a report can be written. */
    public ReadOnlyBooleanProperty reportReadyProperty() { return reportReady.getReadOnlyProperty(); }

    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }

    public ReadOnlyObjectProperty<Path> currentFileProperty() { return currentFile.getReadOnlyProperty(); }

    public ReadOnlyStringProperty activeModelProperty() { return activeModel.getReadOnlyProperty(); }

    /** Load and analysis tasks, for the status bar's progress. */
    public List<LatestRequest> requests() {
        return List.of(loads, analyses, modelLoads, exports, checks);
    }
}
