package io.lunglens.ui.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunglens.model.ModelRegistry;
import io.lunglens.scan.ScanFixtures;
import io.lunglens.scan.ScanJob;
import io.lunglens.scan.ScanRow;
import io.lunglens.training.DataFolders;
import io.lunglens.ui.background.FxTaskExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class ScanViewTest {

    @TempDir
    static Path shared;
    static Path model;

    @TempDir
    Path tmp;

    final FxTaskExecutor scans = new FxTaskExecutor("lunglens-scan", 1);
    ScanViewModel vm;
    ScanView view;
    final List<Path> opened = new ArrayList<>();

    @BeforeAll
    static void model() throws Exception {
        model = ScanFixtures.tinyModel(shared.resolve("tiny"), List.of("clear", "lesion"), "lesion");
    }

    @Start
    void start(Stage stage) {
        vm = new ScanViewModel(new ModelRegistry(shared.resolve("models"), tmp.resolve("home")),
                tmp.resolve("home/scans"), scans);
        vm.modelProperty().set(model.toString());
        view = new ScanView(vm);
        view.setOnOpenImage(opened::add);
        stage.setScene(new Scene(view, 1200, 700));
        stage.show();
    }

    @AfterEach
    void stop() {
        vm.close(Duration.ofSeconds(10));
        scans.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void scanFillsTheTableAndSummaryAndTheTableFiltersSortsOpensAndExports(FxRobot robot) throws Exception {
        Path data = tmp.resolve("data");
        DataFolders.writeBlobs(data, 6, 3);
        Path broken = data.resolve("broken.png");
        Files.writeString(broken, "not an image");
        Path out = tmp.resolve("out.csv");
        robot.interact(() -> {
            vm.folderProperty().set(data);
            vm.outputProperty().set(out);
        });
        // Blobs are no chest films: the gate refuses them, and the metrics come only when asked for.
        robot.clickOn("#scanStart");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> vm.summaryProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        String refused = robot.lookup("#scanSummary").queryAs(TextArea.class).getText();
        assertTrue(refused.contains("no verdict (input gate): 12")
                && refused.contains("Labelled folder: no metrics, the input gate refused every image."), refused);
        robot.clickOn("#scanUngated");
        robot.clickOn("#scanStart");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> vm.summaryProperty().get() != null
                && vm.summaryProperty().get().evaluation() != null);
        WaitForAsyncUtils.waitForFxEvents();

        TableView<ScanRow> table = robot.lookup("#scanTable").queryTableView();
        assertEquals(13, table.getItems().size());
        assertTrue(Files.isRegularFile(out));
        String summary = robot.lookup("#scanSummary").queryAs(TextArea.class).getText();
        assertTrue(summary.contains("unreadable: 1"), summary);
        assertTrue(summary.contains("Labelled folder, 12 images, positive class lesion") && summary.contains("accuracy"),
                summary);
        assertTrue(vm.statusProperty().get().startsWith("Done: 13 files (1 unreadable)"), vm.statusProperty().get());

        robot.clickOn("#scanFilter").write("broken");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, table.getItems().size());
        assertEquals(broken, table.getItems().get(0).path());
        // The row cell showing it: after a second scan the table has recycled cells, empty ones among them.
        TableRow<ScanRow> first = robot.lookup(".table-row-cell").queryAll().stream()
                .map(n -> (TableRow<ScanRow>) n).filter(r -> !r.isEmpty() && broken.equals(r.getItem().path()))
                .findFirst().orElseThrow();
        robot.doubleClickOn(first);
        assertEquals(List.of(broken), opened);

        robot.interact(() -> {
            robot.lookup("#scanFilter").queryTextInputControl().setText("clear/");
            table.getSortOrder().setAll(table.getColumns().stream()
                    .filter(c -> c.getText().equals("P(positive)")).findFirst().orElseThrow());
        });
        assertEquals(6, table.getItems().size());
        for (int i = 1; i < table.getItems().size(); i++) {
            assertTrue(table.getItems().get(i - 1).calibrated() <= table.getItems().get(i).calibrated(),
                    "sorted by P(positive)");
        }
        Path export = tmp.resolve("export.csv");
        robot.interact(() -> {
            try {
                vm.export(export, view.shownRows());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        List<String> lines = Files.readAllLines(export);
        assertEquals(7, lines.size());
        assertTrue(lines.get(0).endsWith(",error,frontal_cxr,in_training_domain,true_label"), lines.get(0));
    }

    @Test
    void cancelStopsTheScanAndKeepsTheFinishedRows(FxRobot robot) throws Exception {
        Path many = Files.createDirectories(tmp.resolve("many"));
        List<Path> samples;
        try (var s = Files.walk(ScanFixtures.SAMPLES)) {
            samples = s.filter(f -> f.toString().endsWith(".png")).sorted().toList();
        }
        // Far more files than the scan can finish between its first rows and the click on Cancel (links cost nothing).
        int files = 5000;
        for (int i = 0; i < files; i++) {
            Files.createLink(many.resolve(String.format("x%04d.png", i)), samples.get(i % samples.size()).toAbsolutePath());
        }
        Path out = tmp.resolve("many.csv");
        robot.interact(() -> {
            vm.folderProperty().set(many);
            vm.outputProperty().set(out);
        });
        robot.clickOn("#scanStart");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> vm.rows().size() > 0);
        robot.clickOn("#scanCancel");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !vm.runningProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(vm.statusProperty().get().startsWith("Cancelled: "), vm.statusProperty().get());
        int kept = vm.rows().size();
        assertTrue(kept > 0 && kept < files, "rows kept: " + kept);
        System.out.println("ScanViewTest: rows kept at cancel: " + kept);
        assertFalse(Files.exists(out));
        assertEquals(kept + 1, Files.readAllLines(tmp.resolve("many.csv.partial")).size());
        assertTrue(robot.lookup("#scanStart").queryButton().isVisible() && !robot.lookup("#scanStart").queryButton().isDisabled());
    }

    @Test
    void closingTheWindowStopsARunningScanAndKeepsItsRowsResumable(FxRobot robot) throws Exception {
        Path images = tmp.resolve("many");
        DataFolders.writeImages(images, 600, 8);
        Path out = tmp.resolve("many.csv");
        robot.interact(() -> {
            vm.folderProperty().set(images);
            vm.outputProperty().set(out);
            vm.start();
        });
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> !vm.rows().isEmpty());
        assertTrue(vm.close(Duration.ofSeconds(9)), "the scan job ended");
        assertTrue(Thread.getAllStackTraces().values().stream().flatMap(Arrays::stream)
                .noneMatch(f -> f.getClassName().equals(ScanJob.class.getName())), "no thread is inside the scan");
        assertFalse(Files.exists(out), "a stopped scan is not complete");
        long kept = Files.readAllLines(Path.of(out + ".partial")).size() - 1;
        assertTrue(kept > 0 && kept < 600, kept + " rows kept for --resume");
    }
}
