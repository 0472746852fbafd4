package io.lunglens.ui;

import static io.lunglens.ui.FxThread.fx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunglens.imaging.ImageLoader;
import io.lunglens.imaging.WindowLevel;
import io.lunglens.imaging.WindowOp;
import io.lunglens.imaging.XrayImage;
import io.lunglens.model.EvidenceMethod;
import io.lunglens.model.ModelCard;
import io.lunglens.model.ModelRegistry;
import io.lunglens.training.ShortcutCheck;
import io.lunglens.ui.files.RecentFiles;
import io.lunglens.ui.viewer.EvidenceMap;
import io.lunglens.ui.viewer.ViewerViewModel;
import io.lunglens.ui.viewer.WindowPreset;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javafx.geometry.Point2D;
import javafx.geometry.VerticalDirection;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.image.Image;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.transform.Scale;
import javafx.scene.transform.Translate;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The viewer window under Monocle, on real sample radiographs, with a real (if trivial) explainer. */
@ExtendWith(ApplicationExtension.class)
class ViewerWindowTest {

    static final Path SAMPLES = Path.of("assets/samples");
    static final Path COVID = SAMPLES.resolve("covid/hann_0a7faa2a.png");
    static final Path NORMAL = SAMPLES.resolve("normal/nih_00001280_004.png");

    @TempDir
    Path tmp;

    final Workers workers = new Workers();
    AppController app;
    MainWindow window;
    final IntensityExplainer explainer = new IntensityExplainer();

    @Start
    void start(Stage stage) {
        ModelSource models = new ModelSource() {
            @Override
            public List<String> names() {
                return List.of("intensity", "broken");
            }

            @Override
            public Explainer open(String name) {
                if (name.equals("broken")) {
                    throw new IllegalStateException("model broken: weights file is truncated");
                }
                return explainer;
            }
        };
        app = workers.controller(models, new RecentFiles(tmp.resolve("recent.txt")));
        window = workers.window(app, new ModelRegistry(tmp.resolve("models"), tmp.resolve("home")), tmp.resolve("home"));
        stage.setScene(window.scene(1200, 800));
        stage.show();
        app.start();
    }

    @AfterEach
    void close() {
        FxThread.fx(() -> {
            app.close();
            return null;
        });
        workers.close();
    }

    @Test
    void openingASampleShowsVerdictAndOverlay(FxRobot robot) throws Exception {
        openAndWait(COVID);
        XrayImage img = ImageLoader.load(COVID);
        Explained expected = explainer.explain(img, 1);

        assertEquals(expected.label(), text(robot, "#verdictLabel"));
        assertEquals(expected.positive(), fx(() -> app.verdict().positiveProperty().get()), 1e-12);
        assertTrue(text(robot, "#verdictProbability").startsWith("P(covid) = "));
        assertTrue(robot.lookup("#syntheticBadge").query().isVisible());
        String shortcut = ShortcutCheck.warning(EvidenceMethod.FAST, img, expected.cam(), expected.camWidth(),
                expected.camHeight());
        assertEquals(shortcut, text(robot, "#shortcutWarning"));
        assertEquals(!shortcut.isEmpty(), robot.lookup("#shortcutWarning").query().isVisible());
        assertEquals(expected.positive() > 0.35 && expected.positive() < 0.65,
                robot.lookup("#lowConfidence").query().isVisible());
        assertEquals("Model: intensity-test", text(robot, "#verdictModel"));
        assertEquals(ModelCard.INTENDED_USE, text(robot, "#intendedUse"));
        assertTrue(robot.lookup("#intendedUse").query().isVisible());

        // The rendered pixels are WindowOp over the raw values.
        byte[] gray = WindowOp.apply(img, WindowLevel.defaultFor(img), false);
        Image shown = window.viewer().imageView().getImage();
        int w = img.width();
        int h = img.height();
        for (int[] p : new int[][] {{3, 5}, {w / 2, h / 3}, {w - 7, h - 2}}) {
            assertEquals(gray[p[1] * img.width() + p[0]] & 0xFF, red(shown, p[0], p[1]));
        }
        // The overlay is the colormapped map, stretched over the whole image.
        Image overlay = window.viewer().overlayView().getImage();
        assertNotNull(overlay);
        assertEquals(IntensityExplainer.GRID, (int) overlay.getWidth());
        assertEquals(img.width(), window.viewer().overlayView().getFitWidth());
        assertTrue(window.viewer().overlayView().isVisible());
        // Fitted by default: the whole image is visible and not stretched.
        double s = scale().getX();
        assertEquals(s, scale().getY());
        assertEquals(Math.min(window.viewer().getWidth() / img.width(), window.viewer().getHeight() / img.height()), s, 1e-9);
    }

    @Test
    void aDicomOpensInItsHeaderWindowOnTheRaw16BitValues(FxRobot robot) throws Exception {
        Path dcm = Path.of("src/test/resources/dicom/explicit-le.dcm");
        openAndWait(dcm);
        XrayImage img = ImageLoader.load(dcm);
        WindowLevel header = new WindowLevel(img.info().windowCenter(), img.info().windowWidth());
        assertEquals(WindowPreset.DICOM, fx(() -> app.viewer().presetProperty().get()));
        assertEquals(header, fx(() -> app.viewer().windowProperty().get()));
        byte[] gray = WindowOp.apply(img, header, false);
        Image shown = window.viewer().imageView().getImage();
        for (int i = 0; i < gray.length; i += 97) {
            assertEquals(gray[i] & 0xFF, red(shown, i % img.width(), i / img.width()));
        }
        // The read-out gives the stored value and, as the file has a rescale, the modality value.
        robot.interact(() -> {
            double s = app.viewer().scaleProperty().get();
            app.viewer().pointerAt(app.viewer().translateXProperty().get() + 10.5 * s,
                    app.viewer().translateYProperty().get() + 20.5 * s);
        });
        assertEquals(String.format(Locale.ROOT, "x 10  y 20  value %d (%.1f)", img.get(10, 20),
                img.modality(10, 20)), text(robot, "#statusPixel"));
        robot.interact(() -> app.viewer().presetProperty().set(WindowPreset.FULL));
        assertNotEquals(header, fx(() -> app.viewer().windowProperty().get()));
        robot.clickOn(window.viewer()).type(KeyCode.R);
        assertEquals(header, fx(() -> app.viewer().windowProperty().get()));
    }

    @Test
    void theStatusLineSaysWhenOnlyTheFirstFrameIsShown() {
        Path dcm = Path.of("src/test/resources/dicom/multiframe-native.dcm");
        openAndWait(dcm);
        assertEquals("multiframe-native.dcm \u2014 DICOM 64\u00D748, 12-bit (first of 2 frames shown)",
                fx(() -> app.statusProperty().get()));
    }

    @Test
    void zoomPanAndWindowChangeTheViewAndResetRestoresIt(FxRobot robot) {
        openAndWait(COVID);
        double s0 = scale().getX();
        double tx0 = translate().getX();
        double ty0 = translate().getY();
        int px0 = centerPixel();
        WindowLevel w0 = fx(() -> app.viewer().windowProperty().get());

        robot.moveTo(window.viewer()).scroll(3, VerticalDirection.UP);
        WaitForAsyncUtils.waitForFxEvents();
        assertNotEquals(s0, scale().getX(), 1e-9);

        double tx1 = translate().getX();
        robot.drag(window.viewer(), MouseButton.PRIMARY).moveBy(60, 40).drop();
        WaitForAsyncUtils.waitForFxEvents();
        assertNotEquals(tx1, translate().getX(), 1e-9);

        // The overlay covers exactly the image, wherever zoom and pan put it.
        assertEquals(fx(() -> window.viewer().imageView().localToScene(window.viewer().imageView().getBoundsInLocal())),
                fx(() -> window.viewer().overlayView().localToScene(window.viewer().overlayView().getBoundsInLocal())));

        robot.drag(window.viewer(), MouseButton.SECONDARY).moveBy(-80, 60).drop();
        WaitForAsyncUtils.waitForFxEvents();
        WindowLevel w1 = fx(() -> app.viewer().windowProperty().get());
        assertNotEquals(w0, w1);
        assertTrue(w1.width() < w0.width());
        assertNotEquals(px0, centerPixel());
        assertEquals(null, fx(() -> app.viewer().presetProperty().get()));

        robot.type(KeyCode.R);
        assertEquals(s0, scale().getX(), 1e-9);
        assertEquals(tx0, translate().getX(), 1e-9);
        assertEquals(ty0, translate().getY(), 1e-9);
        assertEquals(w0, fx(() -> app.viewer().windowProperty().get()));
        assertEquals(px0, centerPixel());
    }

    @Test
    void wheelZoomKeepsThePointUnderTheCursor(FxRobot robot) {
        openAndWait(COVID);
        Point2D at = new Point2D(300, 250);
        int[] before = fx(() -> app.viewer().imagePoint(at.getX(), at.getY()));
        robot.moveTo(window.viewer().localToScreen(at)).scroll(2, VerticalDirection.DOWN);
        WaitForAsyncUtils.waitForFxEvents();
        int[] after = fx(() -> app.viewer().imagePoint(at.getX(), at.getY()));
        assertEquals(before[0], after[0], 1);
        assertEquals(before[1], after[1], 1);
        assertFalse(fx(() -> app.viewer().fittedProperty().get()));
    }

    @Test
    void overlayToggleAndOpacityWork(FxRobot robot) {
        openAndWait(COVID);
        robot.clickOn(window.viewer());
        robot.type(KeyCode.G);
        assertFalse(window.viewer().overlayView().isVisible());
        robot.type(KeyCode.G);
        assertTrue(window.viewer().overlayView().isVisible());

        Slider opacity = robot.lookup("#overlayOpacity").queryAs(Slider.class);
        robot.interact(() -> opacity.setValue(0.8));
        assertEquals(0.8, window.viewer().overlayView().getOpacity(), 1e-9);

        robot.clickOn("#overlayToggle");
        assertFalse(window.viewer().overlayView().isVisible());
        assertTrue(opacity.isDisabled());
    }

    @Test
    void explainingTheOtherClassRedrawsTheMap(FxRobot robot) {
        openAndWait(COVID);
        Image covidMap = window.viewer().overlayView().getImage();
        robot.interact(() -> app.viewer().camClassProperty().set(0));
        waitUntil(() -> window.viewer().overlayView().getImage() != null
                && window.viewer().overlayView().getImage() != covidMap);
        Image normalMap = window.viewer().overlayView().getImage();
        // The "normal" map of this explainer is the covid map reversed: brightest block turns transparent.
        int[] hot = hottest(covidMap);
        assertTrue(alpha(normalMap, hot[0], hot[1]) < alpha(covidMap, hot[0], hot[1]));
    }

    @Test
    void keyboardShortcutsWork(FxRobot robot) {
        openAndWait(COVID);
        robot.clickOn(window.viewer());
        double s0 = scale().getX();
        int px0 = centerPixel();

        robot.type(KeyCode.I);
        assertTrue(fx(() -> app.viewer().invertedProperty().get()));
        assertEquals(255 - px0, centerPixel());

        robot.type(KeyCode.EQUALS);
        assertEquals(s0 * ViewerViewModel.ZOOM_STEP, scale().getX(), 1e-9);
        robot.type(KeyCode.MINUS, 2);
        assertEquals(s0 / ViewerViewModel.ZOOM_STEP, scale().getX(), 1e-9);
        robot.type(KeyCode.DIGIT1);
        assertEquals(1.0, scale().getX(), 1e-9);
        robot.type(KeyCode.F);
        assertEquals(s0, scale().getX(), 1e-9);

        robot.type(KeyCode.W);
        WindowLevel w0 = fx(() -> app.viewer().windowProperty().get());
        robot.drag(window.viewer(), MouseButton.PRIMARY).moveBy(50, 0).drop();
        assertTrue(fx(() -> app.viewer().windowProperty().get()).width() > w0.width());

        robot.type(KeyCode.Z);
        robot.drag(window.viewer(), MouseButton.PRIMARY).moveBy(0, -50).drop();
        assertTrue(scale().getX() > s0);

        robot.type(KeyCode.T);
        double tx = translate().getX();
        robot.drag(window.viewer(), MouseButton.PRIMARY).moveBy(-40, 0).drop();
        assertEquals(tx - 40, translate().getX(), 1.0);

        robot.type(KeyCode.R);
        assertEquals(s0, scale().getX(), 1e-9);
        assertFalse(fx(() -> app.viewer().invertedProperty().get()));
        assertEquals(px0, centerPixel());
    }

    @Test
    void aCorruptFileIsReportedAndThePreviousImageStays(FxRobot robot) throws Exception {
        openAndWait(COVID);
        XrayImage before = fx(() -> app.viewer().getImage());
        String label = text(robot, "#verdictLabel");
        Path bad = tmp.resolve("broken-scan.png");
        byte[] head = Files.readAllBytes(COVID);
        Files.write(bad, Arrays.copyOf(head, 200));

        robot.interact(() -> app.open(bad));
        waitUntil(() -> window.notifications().isShowing());
        String note = window.notifications().getText();
        assertTrue(note.contains("broken-scan.png"), note);
        assertFalse(note.contains("\n"), note);
        assertSame(before, fx(() -> app.viewer().getImage()));
        assertEquals(COVID, fx(() -> app.currentFileProperty().get()));
        assertEquals(label, text(robot, "#verdictLabel"));

        // The app keeps working.
        openAndWait(NORMAL);
        assertEquals(NORMAL, fx(() -> app.verdict().sourceProperty().get()));
    }

    @Test
    void aModelThatFailsToLoadIsReportedAndThePreviousStays(FxRobot robot) {
        openAndWait(COVID);
        robot.interact(() -> app.selectModel("broken"));
        waitUntil(() -> window.notifications().isShowing());
        assertTrue(window.notifications().getText().contains("broken"));
        assertEquals("intensity", fx(() -> app.activeModelProperty().get()));
        assertSame(explainer, fx(() -> app.explainer()));
    }

    @Test
    void flippingQuicklyThroughTheSamplesEndsOnTheLastVerdict(FxRobot robot) throws Exception {
        robot.interact(() -> app.openFolder(SAMPLES));
        List<Path> files = fx(() -> List.copyOf(app.folder().getFiles()));
        assertEquals(16, files.size(), "ten real X-rays and six phantoms");
        robot.clickOn(window.viewer());
        robot.type(KeyCode.PAGE_DOWN, 5);
        robot.type(KeyCode.DOWN, 2);
        robot.type(KeyCode.RIGHT, 2);
        robot.type(KeyCode.PAGE_DOWN, files.size() - 10 + 3); // three past the end: stops at the end
        Path last = files.get(files.size() - 1);
        assertTrue(last.toString().contains("phantoms"), "sorted by path, phantoms after the real ones: " + last);
        waitUntil(() -> last.equals(app.verdict().sourceProperty().get()) && !app.verdict().labelProperty().get().isEmpty());
        Explained expected = explainer.explain(ImageLoader.load(last), 1);
        assertEquals(expected.positive(), fx(() -> app.verdict().positiveProperty().get()), 1e-12);
        assertEquals(last, fx(() -> app.currentFileProperty().get()));
        assertEquals(last.getFileName().toString(), fx(() -> app.folder().current().getFileName().toString()));
        // Every older load and analysis has ended and posted whatever it would: none may replace the last verdict.
        workers.awaitQueued();
        assertEquals(last, fx(() -> app.verdict().sourceProperty().get()));
        assertEquals(last, fx(() -> app.currentFileProperty().get()));

        robot.type(KeyCode.PAGE_UP);
        waitUntil(() -> files.get(files.size() - 2).equals(app.verdict().sourceProperty().get()) && !app.verdict().labelProperty().get().isEmpty());
    }

    @Test
    void openSamplesShowsTheFirstShippedXray(FxRobot robot) {
        assertTrue(fx(() -> app.samples().isPresent()));
        robot.interact(app::openSamples);
        waitUntil(() -> app.verdict().sourceProperty().get() != null && !app.verdict().labelProperty().get().isEmpty());
        assertEquals(16, fx(() -> app.folder().getFiles().size()));
        assertEquals(COVID.toAbsolutePath(), fx(() -> app.verdict().sourceProperty().get()));
    }

    @Test
    void droppedFilesBecomeAListAndAFolderOpensItsImages(FxRobot robot) {
        openAndWait(COVID);
        robot.interact(() -> app.openAll(List.of(NORMAL, COVID)));
        waitUntil(() -> NORMAL.equals(app.verdict().sourceProperty().get()) && !app.verdict().labelProperty().get().isEmpty());
        assertEquals(List.of(NORMAL, COVID), fx(() -> List.copyOf(app.folder().getFiles())));
        assertTrue(robot.lookup("#fileList").tryQuery().isPresent());
        robot.clickOn(window.viewer()).type(KeyCode.DOWN);
        waitUntil(() -> COVID.equals(app.verdict().sourceProperty().get()) && !app.verdict().labelProperty().get().isEmpty());

        // Opening a single file from elsewhere leaves folder browsing and hides the list.
        Path other = SAMPLES.resolve("normal/nih_00001281_000.png");
        openAndWait(other);
        assertTrue(fx(() -> app.folder().getFiles().isEmpty()));
        assertFalse(robot.lookup("#fileList").tryQuery().isPresent());
    }

    @Test
    void exportWritesTheViewWithItsOverlayAsPng(FxRobot robot) throws Exception {
        openAndWait(COVID);
        Path out = tmp.resolve("view.png");
        robot.interact(() -> app.exportPng(window.viewer().snapshot(null, null), out));
        waitUntil(() -> Files.exists(out));
        BufferedImage png = ImageIO.read(out.toFile());
        assertEquals((int) window.viewer().getWidth(), png.getWidth());
        assertEquals(List.of(COVID.toAbsolutePath().normalize()), app.recent().list());
        try (var s = Files.list(tmp)) {
            assertEquals(0, s.filter(p -> p.getFileName().toString().endsWith(".tmp")
                    || p.getFileName().toString().startsWith(".export")).count());
        }
    }

    // ---- helpers

    @Test
    void exportReportWritesThePdfOfTheShownVerdictWithTheOcclusionMap(FxRobot robot) throws Exception {
        assertFalse(fx(() -> app.reportReadyProperty().get()), "no verdict, no report");
        openAndWait(COVID);
        waitUntil(() -> app.viewer().hasMap(EvidenceMap.OCCLUSION));
        assertTrue(fx(() -> app.reportReadyProperty().get()));
        Path pdf = tmp.resolve("covid_report.pdf");
        WaitForAsyncUtils.asyncFx(() -> app.exportReport(pdf, false));
        waitUntil(() -> app.statusProperty().get().equals("Saved report covid_report.pdf"));
        try (PDDocument d = Loader.loadPDF(pdf.toFile())) {
            String text = new PDFTextStripper().getText(d);
            assertTrue(text.contains("Verdict: " + text(robot, "#verdictLabel")), text);
            assertTrue(text.contains(text(robot, "#verdictProbability").replace("P(covid) = ",
                    "Calibrated probability of covid: ")), text);
            assertTrue(text.contains("intensity-test version"), text);
            // The report names the method that made the map: the viewer's default, the fast check.
            assertTrue(text.contains("Evidence: " + EvidenceMethod.FAST.label() + " map"), text);
            assertTrue(text.contains(ModelCard.INTENDED_USE), text);
        }
    }

    void openAndWait(Path file) {
        WaitForAsyncUtils.waitForFxEvents();
        waitUntil(() -> app.explainer() != null);
        WaitForAsyncUtils.asyncFx(() -> app.open(file));
        // A test pattern is no chest film: the input gate's "no verdict" ends the analysis as a verdict would.
        waitUntil(() -> file.equals(app.verdict().sourceProperty().get())
                && (!app.verdict().labelProperty().get().isEmpty() || app.verdict().gatedProperty().get())
                && app.viewer().hasMap(EvidenceMap.GRAD_CAM)
                && app.requests().stream().allMatch(r -> r.runningProperty().get() == null));
    }

    static void waitUntil(BooleanSupplier condition) {
        try {
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> fx(condition::getAsBoolean));
        } catch (TimeoutException e) {
            throw new AssertionError("condition not met in 20 s", e);
        }
    }

    String text(FxRobot robot, String id) {
        return fx(() -> robot.lookup(id).queryAs(Label.class).getText());
    }

    Scale scale() {
        return fx(() -> (Scale) window.viewer().imageView().getParent().getTransforms().get(1));
    }

    Translate translate() {
        return fx(() -> (Translate) window.viewer().imageView().getParent().getTransforms().get(0));
    }

    int centerPixel() {
        return fx(() -> {
            Image img = window.viewer().imageView().getImage();
            return red(img, (int) img.getWidth() / 2, (int) img.getHeight() / 2);
        });
    }

    static int red(Image img, int x, int y) {
        return img.getPixelReader().getArgb(x, y) >> 16 & 0xFF;
    }

    static int alpha(Image img, int x, int y) {
        return img.getPixelReader().getArgb(x, y) >>> 24;
    }

    static int[] hottest(Image img) {
        int[] best = {0, 0};
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if (alpha(img, x, y) > alpha(img, best[0], best[1])) {
                    best = new int[] {x, y};
                }
            }
        }
        return best;
    }
}
