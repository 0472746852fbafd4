package io.lunglens.ui.pacs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunglens.imaging.ImageLoader;
import io.lunglens.pacs.Films;
import io.lunglens.pacs.InstanceCache;
import io.lunglens.pacs.Orthanc;
import io.lunglens.pacs.PacsServer;
import io.lunglens.pacs.PacsSettings;
import io.lunglens.pacs.Series;
import io.lunglens.pacs.Study;
import io.lunglens.ui.background.FxTaskExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The Open from PACS dialog under Monocle against a real Orthanc: search, pick a study and a series, open it. */
@ExtendWith(ApplicationExtension.class)
class PacsViewTest {

    @TempDir
    static Path shared;
    static Orthanc orthanc;
    static List<Path> films;
    static Path settings;

    final FxTaskExecutor io = new FxTaskExecutor("test-pacs", 1);
    final List<Path> opened = new CopyOnWriteArrayList<>();
    PacsViewModel vm;

    @BeforeAll
    static void startPacs() throws Exception {
        orthanc = Orthanc.start(Files.createDirectories(shared.resolve("orthanc")));
        films = Films.write(shared.resolve("films"));
        for (Path f : films) {
            orthanc.upload(f);
        }
        settings = shared.resolve("home/" + PacsSettings.FILE_NAME);
        PacsSettings.save(settings, List.of(orthanc.server().withName("Radiology PACS"),
                new PacsServer("Wrong password", orthanc.dicomWeb(), PacsServer.Auth.basic(Orthanc.USER, "nope"))));
    }

    @AfterAll
    static void stopPacs() throws Exception {
        if (orthanc != null) {
            orthanc.close();
        }
    }

    @Start
    void start(Stage stage) {
        vm = new PacsViewModel(settings, new InstanceCache(shared.resolve("cache"), InstanceCache.DEFAULT_BYTES), io);
        vm.reloadServers();
        PacsView view = new PacsView(vm);
        view.setOnOpen(opened::addAll);
        stage.setScene(new Scene(view, 900, 640));
        stage.show();
    }

    @AfterEach
    void stop() {
        io.close();
    }

    @Test
    void searchPickAStudyAndOpenItsSeries(FxRobot robot) throws Exception {
        robot.clickOn("#pacsPatientId").write("LL-001");
        robot.clickOn("#pacsSearch");
        TableView<Study> studies = robot.lookup("#pacsStudies").queryTableView();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> studies.getItems().size() == 2);
        assertEquals(Films.STUDY_B, studies.getItems().get(0).uid(), "newest first");
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("20240305");
        TableView<Series> series = robot.lookup("#pacsSeries").queryTableView();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> series.getItems().size() == 1);
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn(robot.from(series).lookup(".table-row-cell").<Node>query());
        robot.clickOn("#pacsOpen");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> opened.size() == 1);
        assertArrayEquals(ImageLoader.load(films.get(2)).pixels(), ImageLoader.load(opened.get(0)).pixels(),
                "the opened file reads as the film uploaded");
        WaitForAsyncUtils.waitForFxEvents();
        String status = robot.lookup("#pacsStatus").queryAs(Label.class).getText();
        assertTrue(status.startsWith("Opened 1 image from Radiology PACS"), status);
    }

    @Test
    void aWrongPasswordShowsOneLine(FxRobot robot) throws Exception {
        robot.interact(() -> vm.serverProperty().set(vm.getServers().get(1)));
        robot.clickOn("#pacsSearch");
        Label line = robot.lookup("#pacsStatus").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> line.getText().contains("cannot"));
        String status = line.getText();
        assertTrue(status.contains("refused the credentials"), status);
        assertFalse(status.contains("nope") || status.contains("\n"), status);
    }
}
