package io.lunglens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunglens.model.ModelRegistry;
import io.lunglens.pacs.DicomWebClient;
import io.lunglens.pacs.Films;
import io.lunglens.pacs.Orthanc;
import io.lunglens.pacs.PacsServer;
import io.lunglens.pacs.PacsSettings;
import io.lunglens.pacs.Series;
import io.lunglens.pacs.StoppingProxy;
import io.lunglens.scan.ScanCsv;
import io.lunglens.scan.ScanFixtures;
import io.lunglens.scan.ScanRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** lunglens pacs search / scan / --send-results against a real Orthanc, with a real (tiny) network. */
class PacsCommandTest {

    @TempDir
    static Path tmp;
    static Orthanc orthanc;
    static List<Path> films;
    static Path model;

    @BeforeAll
    static void startPacs() throws Exception {
        orthanc = Orthanc.start(Files.createDirectories(tmp.resolve("orthanc")));
        films = Films.write(tmp.resolve("films"));
        for (Path f : films) {
            orthanc.upload(f);
        }
        model = ScanFixtures.tinyModel(tmp.resolve("model"), List.of("Normal", "COVID-19"), "COVID-19");
        addServer(orthanc.server().withName("pacs-test"));
        addServer(new PacsServer("pacs-wrong", orthanc.dicomWeb(), PacsServer.Auth.basic(Orthanc.USER, "guess123")));
    }

    @AfterAll
    static void stopPacs() throws Exception {
        if (orthanc != null) {
            orthanc.close();
        }
    }

    private static void addServer(PacsServer s) throws Exception {
        Path file = ModelRegistry.home().resolve(PacsSettings.FILE_NAME);
        List<PacsServer> servers = new java.util.ArrayList<>(PacsSettings.load(file));
        servers.removeIf(x -> x.name().equals(s.name()));
        servers.add(s);
        PacsSettings.save(file, servers);
    }

    @Test
    void searchListsTheMatchingStudies() {
        CliRun r = CliRun.of("pacs", "search", "--server", "pacs-test", "--patient-id", "LL-001");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains(Films.STUDY_A) && r.out().contains(Films.STUDY_B), r.out());
        assertFalse(r.out().contains(Films.STUDY_C), "a CT study is no radiograph: " + r.out());
        assertTrue(r.out().contains("2 studies"), r.out());
    }

    @Test
    void aWrongPasswordGivesOneLineAndNoStackTrace() {
        CliRun r = CliRun.of("pacs", "search", "--server", "pacs-wrong");
        assertEquals(2, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("refused the credentials"), r.err());
        assertFalse(r.err().contains("guess123") || r.out().contains("guess123"));
    }

    @Test
    void aWorklistScanGivesTheRowsOfAFolderScanOfTheSameFiles() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("folder"));
        for (int i = 0; i < 3; i++) { // the radiographs; the fourth film is a CT
            Files.copy(films.get(i), folder.resolve(films.get(i).getFileName()));
        }
        CliRun local = CliRun.of("scan", folder.toString(), "--model", model.toString(), "-o",
                tmp.resolve("folder.csv").toString(), "--include-dicom-ids");
        assertEquals(0, local.code(), local.err());
        Path csv = tmp.resolve("worklist/pacs.csv");
        CliRun pacs = CliRun.of("pacs", "scan", "--server", "pacs-test", "--model", model.toString(), "-o",
                csv.toString(), "--include-dicom-ids");
        assertEquals(0, pacs.code(), pacs.err());
        Map<String, ScanRow> fromPacs = byName(csv);
        Map<String, ScanRow> fromFolder = byName(tmp.resolve("folder.csv"));
        assertEquals(fromFolder.keySet(), fromPacs.keySet());
        for (String name : fromFolder.keySet()) {
            assertEquals(comparable(fromFolder.get(name)), comparable(fromPacs.get(name)), name);
        }
        assertEquals(counts(local.out()), counts(pacs.out()), "the same summary per class");
    }

    @Test
    void aServerStoppingMidScanLeavesAResumablePartialResult() throws Exception {
        Path csv = tmp.resolve("stopped/pacs.csv");
        try (StoppingProxy proxy = new StoppingProxy(orthanc, 1)) {
            addServer(new PacsServer("pacs-proxy", proxy.dicomWeb(), orthanc.server().auth()));
            CliRun r = CliRun.of("pacs", "scan", "--server", "pacs-proxy", "--model", model.toString(), "-o",
                    csv.toString());
            assertEquals(PacsScanCommand.INCOMPLETE, r.code(), r.err());
            assertTrue(r.err().contains("--resume") && !r.err().contains("\tat "), r.err());
        } finally {
            orthanc.restart();
        }
        assertFalse(Files.exists(csv), "an incomplete scan is no finished output");
        Path partial = csv.resolveSibling("pacs.csv.partial");
        assertEquals(1, new ScanCsv(false, false).read(partial).size(), "the image retrieved before the stop");
        CliRun resumed = CliRun.of("pacs", "scan", "--server", "pacs-test", "--model", model.toString(), "-o",
                csv.toString(), "--resume");
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.out().contains("1 kept from before"), resumed.out());
        assertEquals(3, new ScanCsv(false, false).read(csv).size());
    }

    @Test
    void sentResultsAppearInTheFilmsStudyAsNewSeries() throws Exception {
        CliRun r = CliRun.of("pacs", "scan", "--server", "pacs-test", "--patient-id", "LL-001", "--modality", "DX",
                "--model", model.toString(), "-o", tmp.resolve("sent/pacs.csv").toString(), "--send-results");
        assertEquals(0, r.code(), r.err());
        long verdicts = new ScanCsv(false, false).read(tmp.resolve("sent/pacs.csv")).stream()
                .filter(x -> !x.isError() && !x.isGated()).count();
        assertTrue(verdicts > 0, "the films have verdicts: " + r.out());
        assertTrue(r.out().contains("sent " + verdicts + " results"), r.out());
        List<Series> results = new DicomWebClient(orthanc.server()).series(Films.STUDY_A).stream()
                .filter(s -> s.description().equals(PacsResults.DESCRIPTION)).toList();
        assertEquals(verdicts, results.size());
        assertTrue(results.stream().allMatch(s -> s.modality().equals("OT")));
    }

    private static Map<String, ScanRow> byName(Path csv) throws Exception {
        return new ScanCsv(false, true).read(csv).stream()
                .collect(Collectors.toMap(r -> r.path().getFileName().toString(), Function.identity()));
    }

    private static List<Object> comparable(ScanRow r) {
        return List.of(r.label(), r.calibrated(), r.raw(), r.width(), r.height(), r.format(), r.patientId(),
                r.patientName(), r.frontalCxr(), r.inDomain(), r.error());
    }

    private static List<String> counts(String out) {
        return out.lines().filter(l -> l.startsWith("  ")).toList();
    }
}
