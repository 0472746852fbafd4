package io.lunglens.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunglens.model.EvidenceMethod;
import io.lunglens.synth.PhantomSpec;
import io.lunglens.synth.SynthJob;
import io.lunglens.task.CancelToken;
import io.lunglens.task.CancelledException;
import io.lunglens.task.Progress;
import io.lunglens.training.ClassificationMetrics.Reliability;
import io.lunglens.training.audit.DataAudit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationJobTest {

    @TempDir
    static Path shared;
    static EvaluationFixture fx;

    @TempDir
    Path tmp;

    @BeforeAll
    static void train() throws Exception {
        fx = EvaluationFixture.train(shared);
    }

    private static EvaluationJob.Request request(Path folder, boolean testSplit, boolean ungated, boolean audit) {
        return new EvaluationJob.Request(fx.model(), folder, null, null, testSplit, ungated, audit,
                EvidenceMethod.FAST);
    }

    @Test
    void theTestSplitScoresAsTheCommandLinePrintsIt() throws Exception {
        // No folder: the one the split manifest names.
        EvaluationResult r = new EvaluationJob(request(null, true, false, true)).run(Progress.none());
        Evaluation e = r.evaluation();
        assertEquals(fx.data(), r.folder());
        assertTrue(r.testSplit());
        assertEquals(6, e.rows().size());
        String[] cli = EvaluationFixture.cli("evaluate", fx.data().toString(), "--model", fx.model().toString(),
                "--test-split");
        assertEquals("0", cli[0], cli[1] + cli[2]);
        List<String> printed = cli[1].lines().filter(l -> l.startsWith("| ") || l.startsWith("Evidence inside")
                || l.startsWith("WARNING")).toList();
        List<String> mine = (EvaluationText.metricsTable(e) + EvaluationText.shortcutLines(e)).lines()
                .filter(l -> !l.startsWith("|---")).toList();
        assertEquals(printed, mine);

        ClassificationMetrics m = e.metrics();
        assertEquals(m.tp() + m.tn(), e.rows().stream().filter(e::correct).count());
        assertTrue(e.rows().stream().allMatch(row -> e.confidence(row) >= 0.5 && e.confidence(row) <= 1));
        // The audit of the six test files, not of the folder's thirty.
        assertNotNull(r.audit());
        assertEquals(6, r.audit().classes().values().stream().mapToInt(DataAudit.ClassStats::count).sum());
    }

    @Test
    void reliabilityBinsCountEveryImageAndTheRocRunsFromCornerToCorner() throws Exception {
        Evaluation e = new EvaluationJob(request(fx.data(), false, true, false)).run(Progress.none()).evaluation();
        int n = e.rows().size();
        assertEquals(30, n);
        for (Reliability rel : List.of(e.reliabilityRaw(), e.reliabilityCalibrated())) {
            assertEquals(Evaluation.CALIBRATION_BINS, rel.bins().size());
            assertEquals(n, rel.total());
            for (Reliability.Bin b : rel.bins()) {
                assertTrue(b.count() == 0 || b.meanPredicted() >= b.low() && b.meanPredicted() <= b.high()
                        && b.observed() >= 0 && b.observed() <= 1, b.toString());
            }
        }
        assertEquals(e.eceRaw(), e.reliabilityRaw().ece(), 1e-12);
        assertEquals(e.eceCalibrated(), e.reliabilityCalibrated().ece(), 1e-12);
        List<double[]> roc = e.metrics().roc();
        assertEquals(0, roc.get(0)[0]);
        assertEquals(0, roc.get(0)[1]);
        assertEquals(1, roc.get(roc.size() - 1)[0], 1e-12);
        assertEquals(1, roc.get(roc.size() - 1)[1], 1e-12);
        for (int i = 1; i < roc.size(); i++) {
            assertTrue(roc.get(i)[0] >= roc.get(i - 1)[0] && roc.get(i)[1] >= roc.get(i - 1)[1], "monotone at " + i);
        }
    }

    @Test
    void aFolderWhoseClassesDifferInImageSizeGetsTheAuditWarning() throws Exception {
        Path small = tmp.resolve("small");
        new SynthJob(small, 6, 9, PhantomSpec.standard(96), false).run(Progress.none());
        Path mixed = tmp.resolve("mixed");
        copyTree(fx.data().resolve("COVID"), mixed.resolve("COVID"));
        copyTree(small.resolve("Normal"), mixed.resolve("Normal"));
        EvaluationResult r = new EvaluationJob(request(mixed, false, true, true)).run(Progress.none());
        assertTrue(r.auditWarning().contains("image size"), r.auditWarning());
        EvaluationResult plain = new EvaluationJob(request(mixed, false, true, false)).run(Progress.none());
        assertNull(plain.audit());
        assertEquals("", plain.auditWarning());
    }

    @Test
    void theGateRefusesWhatIsNoChestFilmAndCancelStopsTheJob() throws Exception {
        Path folder = tmp.resolve("with-blob");
        copyTree(fx.data(), folder);
        Path blobs = tmp.resolve("blobs");
        DataFolders.writeBlobs(blobs, 1, 1);
        Path odd = folder.resolve("COVID/images/blob.png");
        Files.copy(blobs.resolve("lesion/lesion0.png"), odd);
        Evaluation e = new EvaluationJob(request(folder, false, false, false)).run(Progress.none()).evaluation();
        assertTrue(e.gated().stream().anyMatch(g -> g.startsWith(odd + ": not a frontal chest X-ray")), e.gated().toString());
        assertEquals(31, e.rows().size() + e.gated().size() + e.unreadable().size());

        AtomicReference<CancelToken> token = new AtomicReference<>();
        token.set(new CancelToken(msg -> {
            if (msg.contains("evaluating")) {
                token.get().cancel();
            }
        }));
        assertThrows(CancelledException.class, () -> new EvaluationJob(request(folder, false, true, false))
                .run(token.get()));
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
