package io.lunglens.pacs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunglens.imaging.ImageLoader;
import io.lunglens.imaging.XrayImage;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DICOMweb client against a real Orthanc: search, retrieve into the cache, store a Secondary Capture. */
class DicomWebTest {

    static final Path FIXTURE = Path.of("src/test/resources/dicom/implicit-le.dcm");
    static final String FIXTURE_STUDY = "1.2.826.0.1.3680043.9.7133.1.3";

    @TempDir
    static Path tmp;
    static Orthanc orthanc;
    static List<Path> films;
    static DicomWebClient client;

    @BeforeAll
    static void startPacs() throws Exception {
        orthanc = Orthanc.start(Files.createDirectories(tmp.resolve("orthanc")));
        films = Films.write(tmp.resolve("films"));
        for (Path f : films) {
            orthanc.upload(f);
        }
        orthanc.upload(FIXTURE);
        client = new DicomWebClient(orthanc.server());
    }

    @AfterAll
    static void stopPacs() throws Exception {
        if (orthanc != null) {
            orthanc.close();
        }
    }

    private static Set<String> uids(List<Study> studies) {
        return studies.stream().map(Study::uid).collect(Collectors.toSet());
    }

    @Test
    void searchFindsStudiesByPatientDateModalityAndAccession() {
        assertEquals(Set.of(Films.STUDY_A, Films.STUDY_B),
                uids(client.studies(new StudyQuery("LL-001", "", null, null, null, ""))));
        assertEquals(Set.of(Films.STUDY_A, Films.STUDY_B),
                uids(client.studies(new StudyQuery("", "TEST^AL*", null, null, null, ""))));
        assertEquals(Set.of(Films.STUDY_B), uids(client.studies(new StudyQuery("", "", LocalDate.of(2024, 3, 1),
                LocalDate.of(2024, 12, 31), null, ""))), "by date: CR in March; June's study is a CT");
        assertEquals(Set.of(Films.STUDY_A, Films.STUDY_B, FIXTURE_STUDY), uids(client.studies(StudyQuery.all())),
                "CR and DX by default, never the CT");
        assertEquals(Set.of(Films.STUDY_C), uids(client.studies(new StudyQuery("", "", null, null, List.of("CT"), ""))));
        assertEquals(Set.of(Films.STUDY_B), uids(client.studies(new StudyQuery("", "", null, null, null,
                "ACC20240305"))));
        assertTrue(client.studies(new StudyQuery("NOBODY", "", null, null, null, "")).isEmpty());
        Study a = client.studies(new StudyQuery("LL-001", "", null, LocalDate.of(2024, 1, 31), null, "")).get(0);
        assertEquals("TEST^ALICE", a.patientName());
        assertEquals("20240110", a.date());
        assertFalse(a.toString().contains("ALICE"), "a study prints without its patient");
    }

    @Test
    void openRetrievesPixelIdenticalImagesIntoABoundedCache() throws Exception {
        InstanceCache cache = new InstanceCache(tmp.resolve("cache-open"), InstanceCache.DEFAULT_BYTES);
        // The film's series (another test may have stored a result series beside it).
        List<Series> series = client.series(Films.STUDY_A).stream().filter(s -> s.modality().equals("DX")).toList();
        assertEquals(1, series.size());
        List<Path> opened = cache.series(client, series.get(0));
        assertEquals(2, opened.size());
        assertSamePixels(films.get(0), opened.get(0));
        assertSamePixels(films.get(1), opened.get(1));
        Series fixture = client.series(FIXTURE_STUDY).get(0);
        assertSamePixels(FIXTURE, cache.series(client, fixture).get(0));
        assertEquals(opened, cache.series(client, series.get(0)), "a second open comes from the cache");
    }

    @Test
    void theCacheStaysWithinItsBound() throws Exception {
        long bound = Files.size(FIXTURE) + 1000;
        InstanceCache cache = new InstanceCache(tmp.resolve("cache-small"), bound);
        Path first = cache.series(client, client.series(Films.STUDY_B).get(0)).get(0);
        Path last = cache.series(client, client.series(FIXTURE_STUDY).get(0)).get(0);
        assertTrue(cache.size() <= bound, "bounded: " + cache.size());
        assertTrue(Files.exists(last), "the image just opened stays");
        assertFalse(Files.exists(first), "the least recently used image went");
    }

    private static void assertSamePixels(Path original, Path retrieved) throws Exception {
        XrayImage a = ImageLoader.load(original);
        XrayImage b = ImageLoader.load(retrieved);
        assertEquals(a.width(), b.width());
        assertEquals(a.height(), b.height());
        assertEquals(a.bitsStored(), b.bitsStored());
        assertEquals(a.photometric(), b.photometric());
        assertArrayEquals(a.pixels(), b.pixels(), original + " differs after the round trip through the PACS");
    }

    @Test
    void aWrongPasswordGivesOneLineWithoutTheSecret() {
        PacsServer wrong = new PacsServer("test", orthanc.dicomWeb(), PacsServer.Auth.basic(Orthanc.USER, "guess123"));
        PacsException e = assertThrows(PacsException.class, () -> new DicomWebClient(wrong).studies(StudyQuery.all()));
        assertTrue(e.getMessage().contains("refused the credentials"), e.getMessage());
        assertFalse(e.getMessage().contains("guess123"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertFalse(wrong.toString().contains("guess123"));
    }

    @Test
    void aResultGoesIntoTheFilmsStudyAsANewSeriesThatDicomToolsAccept() throws Exception {
        Instance film = client.instances(client.series(Films.STUDY_A).get(0)).get(0);
        SourceStudy source = client.source(film);
        assertEquals("LL-001", source.patientId());
        BufferedImage picture = new BufferedImage(300, 200, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = picture.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillRect(50, 40, 100, 80);
        g.dispose();
        BufferedImage burned = BurnIn.compose(picture, List.of("Verdict: Normal", "Research use only — not a medical"
                + " device"));
        SecondaryCapture.Written sc = SecondaryCapture.write(burned, source, "LungLens result (research use only)",
                "model tiny 1.0 sha256:abc", "LungLens test");
        Path written = Files.write(tmp.resolve("result.dcm"), sc.bytes());
        Dcmtk.assertValid(written);
        client.store(Films.STUDY_A, List.of(sc.bytes()));

        List<Series> after = client.series(Films.STUDY_A);
        assertEquals(2, after.size(), "the film's series and the result's");
        Series result = after.stream().filter(s -> s.uid().equals(sc.seriesUid())).findFirst().orElseThrow();
        assertEquals("OT", result.modality());
        assertEquals("LungLens result (research use only)", result.description());
        Path back = new InstanceCache(tmp.resolve("cache-sc"), InstanceCache.DEFAULT_BYTES).series(client, result)
                .get(0);
        XrayImage read = ImageLoader.load(back);
        assertEquals(burned.getWidth(), read.width());
        assertEquals(burned.getHeight(), read.height());
        String dump = Dcmtk.dump(back);
        assertTrue(dump.contains("[LL-001]") && dump.contains("[TEST^ALICE]") && dump.contains(Films.STUDY_A), dump);
        assertTrue(dump.contains("model tiny 1.0 sha256:abc"), dump);
    }

    @Test
    void settingsAreReadableOnlyByTheUserAndKeepTheirSecrets() throws Exception {
        Path file = tmp.resolve("home/" + PacsSettings.FILE_NAME);
        PacsServer s = orthanc.server();
        PacsSettings.save(file, List.of(s, new PacsServer("token", orthanc.dicomWeb(), PacsServer.Auth.bearer("t0k"))));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(file)));
        assertEquals(s, PacsSettings.find(file, "test-orthanc", java.util.Map.of()));
        assertEquals(2, PacsSettings.load(file).size());
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        java.io.IOException e = assertThrows(java.io.IOException.class, () -> PacsSettings.load(file));
        assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
        assertFalse(e.getMessage().contains(Orthanc.PASSWORD));
        assertFalse(s.toString().contains(Orthanc.PASSWORD));
    }
}
