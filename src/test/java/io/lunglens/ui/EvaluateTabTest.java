package io.lunglens.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunglens.model.ModelRegistry;
import io.lunglens.synth.PhantomSpec;
import io.lunglens.synth.SynthJob;
import io.lunglens.task.Progress;
import io.lunglens.training.ClassificationMetrics;
import io.lunglens.training.DataFolders;
import io.lunglens.training.EvaluationFixture;
import io.lunglens.training.EvaluationResult;
import io.lunglens.ui.evaluate.EvaluateViewModel.ImageRow;
import io.lunglens.ui.evaluate.EvaluateViewModel.MetricRow;
import io.lunglens.ui.evaluate.EvaluateViewModel;
import io.lunglens.ui.files.RecentFiles;
import io.lunglens.ui.scan.ScanViewModel;
import io.lunglens.ui.training.TrainingViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The Evaluate tab in the main window under Monocle: a real tiny model, real phantoms, the real evaluation job. */
@ExtendWith(ApplicationExtension.class)
class EvaluateTabTest {

    @TempDir
    static Path shared;
    static EvaluationFixture fx;

    @TempDir
    Path tmp;

    final Workers workers = new Workers();
    AppController app;
    EvaluateViewModel vm;

    @BeforeAll
    static void train() throws Exception {
        fx = EvaluationFixture.train(shared);
    }

    @Start
    void start(Stage stage) {
        // The fixture's folder is the registry's shipped models: it lists the bundle "model" (and skips the phantoms).
        ModelRegistry registry = new ModelRegistry(shared, tmp.resolve("home"));
        ModelSource none = new ModelSource() {
            @Override
            public List<String> names() {
                return List.of();
            }

            @Override
            public Explainer open(String name) {
                throw new IllegalStateException("no models in this test");
            }
        };
        app = workers.controller(none, new RecentFiles(tmp.resolve("recent.txt")));
        vm = new EvaluateViewModel(registry, workers.evaluations);
        MainWindow window = new MainWindow(app, new ScanViewModel(registry, tmp.resolve("scans"), workers.scans),
                new TrainingViewModel(registry, workers.training), vm);
        stage.setScene(window.scene(1200, 800));
        stage.show();
    }

    @AfterEach
    void close() {
        WaitForAsyncUtils.waitForAsyncFx(10_000, () -> app.close());
        workers.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theTestSplitShowsTablesGridChartsAndOpensAnImageInTheViewer(FxRobot robot) throws Exception {
        TabPane tabs = showEvaluateTab(robot);
        assertEquals("model", vm.modelProperty().get().name());
        robot.clickOn("#evaluateTestSplit");
        EvaluationResult r = run(robot);
        ClassificationMetrics m = r.evaluation().metrics();

        TableView<MetricRow> metrics = robot.lookup("#evaluateMetrics").queryTableView();
        assertEquals(new MetricRow("Images scored", "6", ""), metrics.getItems().get(0));
        MetricRow accuracy = metrics.getItems().stream().filter(x -> x.metric().equals("Accuracy")).findFirst()
                .orElseThrow();
        assertEquals(new MetricRow("Accuracy", f(m.accuracy().value()),
                "[" + f(m.accuracy().low()) + ", " + f(m.accuracy().high()) + "]"), accuracy);
        assertTrue(robot.lookup("#evaluateMetrics .table-row-cell").queryAll().stream()
                .anyMatch(n -> ((TableRow<MetricRow>) n).getItem() == accuracy), "the accuracy row is drawn");

        int[][] counts = {{m.tp(), m.fn()}, {m.fp(), m.tn()}};
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                String cell = robot.lookup("#confusion-" + i + "-" + j).queryAs(Label.class).getText();
                assertTrue(cell.startsWith(counts[i][j] + "\n"), cell);
            }
        }

        LineChart<Number, Number> roc = robot.lookup("#evaluateRoc").queryAs(LineChart.class);
        assertTrue(roc.getTitle().contains("AUC"), roc.getTitle());
        List<XYChart.Data<Number, Number>> curve = roc.getData().get(0).getData();
        assertEquals(m.roc().size(), curve.size());
        assertEquals(1.0, curve.get(curve.size() - 1).getYValue().doubleValue(), 1e-12);
        assertEquals(2, roc.getData().size(), "the curve and the diagonal");
        LineChart<Number, Number> reliability = robot.lookup("#evaluateReliability").queryAs(LineChart.class);
        assertEquals(3, reliability.getData().size(), "before, after calibration, and the diagonal");
        assertTrue(reliability.getData().get(0).getName().startsWith("uncalibrated"));
        assertFalse(robot.lookup("#evaluateShortcutVerdict").queryAs(Label.class).getText().isEmpty());

        // The table is below the charts: scrolled to, as a user would.
        robot.interact(() -> robot.lookup("#evaluateResults").queryAs(ScrollPane.class).setVvalue(1));
        TableView<ImageRow> images = robot.lookup("#evaluateImages").queryTableView();
        assertEquals(6, images.getItems().size());
        robot.clickOn(header(robot, "Confidence"));
        assertSorted(images.getItems(), Comparator.comparingDouble(ImageRow::confidence));
        robot.clickOn(header(robot, "Result"));
        robot.clickOn(header(robot, "Result"));
        assertSorted(images.getItems(), Comparator.comparing(ImageRow::result).reversed());
        assertEquals(r.evaluation().rows().stream().filter(row -> !r.evaluation().correct(row)).count(),
                images.getItems().stream().filter(row -> row.result().equals("error")).count());

        // Save report writes the folder, report.pdf with it, from the result on screen.
        Path reportDir = tmp.resolve("saved-report");
        assertFalse(robot.lookup("#evaluateSaveReport").queryAs(Button.class).isDisabled());
        robot.interact(() -> vm.saveReport(reportDir));
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> !vm.runningProperty().get());
        assertTrue(vm.statusProperty().get().startsWith("Saved the report"), vm.statusProperty().get());
        try (PDDocument pdf = Loader.loadPDF(reportDir.resolve("report.pdf").toFile())) {
            String text = new PDFTextStripper().getText(pdf);
            assertTrue(text.contains("Evaluation of model@1") && text.contains("Confusion matrix"), text);
        }
        assertTrue(Files.isRegularFile(reportDir.resolve("report.md")));

        ImageRow second = images.getItems().get(1);
        TableRow<ImageRow> drawn = robot.lookup("#evaluateImages .table-row-cell").queryAll().stream()
                .map(n -> (TableRow<ImageRow>) n).filter(row -> row.getItem() == second).findFirst().orElseThrow();
        assertNotEquals(second.file(), app.currentFileProperty().get());
        robot.doubleClickOn(drawn);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> second.file().equals(app.currentFileProperty().get()));
        assertEquals(0, tabs.getSelectionModel().getSelectedIndex(), "the viewer tab is shown");
    }

    @Test
    void aModelHandedOverIsScoredOnItsTestSplitAndTheAuditWarnsAboutAFolder(FxRobot robot) throws Exception {
        Path elsewhere = tmp.resolve("fresh/my-model");
        copyTree(fx.model(), elsewhere);
        showEvaluateTab(robot);
        robot.interact(() -> vm.evaluateTestSplit(elsewhere));
        EvaluationResult r = finished(null);
        assertTrue(r.testSplit());
        assertEquals(elsewhere, vm.modelProperty().get().dir());
        assertEquals(6, vm.images().size());
        assertFalse(robot.lookup("#evaluateAuditWarning").query().isVisible());

        // COVID phantoms at 128², Normal ones at 96²: the image size alone tells them apart.
        Path mixed = tmp.resolve("mixed");
        new SynthJob(tmp.resolve("small"), 4, 9, PhantomSpec.standard(96), false).run(Progress.none());
        copyTree(fx.data().resolve("COVID"), mixed.resolve("COVID"));
        copyTree(tmp.resolve("small/Normal"), mixed.resolve("Normal"));
        robot.interact(() -> {
            vm.folderProperty().set(mixed);
            vm.testSplitProperty().set(false);
            vm.ungatedProperty().set(true);
        });
        assertTrue(run(robot).auditWarning().contains("image size"));
        Label audit = robot.lookup("#evaluateAuditWarning").queryAs(Label.class);
        assertTrue(audit.isVisible() && audit.getText().contains("image size"), audit.getText());
        assertEquals(19, vm.images().size());

        // Blobs are no chest films: the gate refuses every one, and the status says how to score them anyway.
        Path blobs = tmp.resolve("blobs");
        DataFolders.writeBlobs(blobs, 3, 2);
        robot.interact(() -> {
            vm.folderProperty().set(blobs);
            vm.ungatedProperty().set(false);
        });
        robot.clickOn("#evaluateRun");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !vm.runningProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        String status = robot.lookup("#evaluateStatus").queryAs(Label.class).getText();
        assertTrue(status.startsWith("Evaluation failed: all 6 readable images were refused by the input gate")
                && status.endsWith("tick \"Score refused images too\" to score them anyway, as unreliable verdicts"),
                status);
        assertEquals(null, vm.resultProperty().get());
        assertFalse(robot.lookup("#evaluateSummary").query().isVisible(), "no results from an earlier run stay up");
    }

    private static TabPane showEvaluateTab(FxRobot robot) {
        TabPane tabs = robot.lookup("#tabs").queryAs(TabPane.class);
        robot.interact(() -> tabs.getSelectionModel().select(tabs.getTabs().stream()
                .filter(t -> t.getText().equals("Evaluate")).findFirst().orElseThrow()));
        return tabs;
    }

    /** Clicks Evaluate and returns the new result. */
    private EvaluationResult run(FxRobot robot) throws Exception {
        EvaluationResult before = vm.resultProperty().get();
        robot.clickOn("#evaluateRun");
        return finished(before);
    }

    /** Waits for an evaluation to end with a result other than before; fails with the status line if none came. */
    private EvaluationResult finished(EvaluationResult before) throws Exception {
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> !vm.runningProperty().get()
                && (vm.resultProperty().get() != before || vm.statusProperty().get().startsWith("Evaluation failed")));
        WaitForAsyncUtils.waitForFxEvents();
        EvaluationResult r = vm.resultProperty().get();
        assertTrue(r != null, vm.statusProperty().get());
        return r;
    }

    private static javafx.scene.Node header(FxRobot robot, String title) {
        return robot.lookup("#evaluateImages .column-header .label").queryAll().stream()
                .filter(n -> title.equals(((Label) n).getText())).findFirst().orElseThrow();
    }

    private static void assertSorted(List<ImageRow> rows, Comparator<ImageRow> order) {
        for (int i = 1; i < rows.size(); i++) {
            assertTrue(order.compare(rows.get(i - 1), rows.get(i)) <= 0, "sorted at row " + i + ": " + rows);
        }
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
