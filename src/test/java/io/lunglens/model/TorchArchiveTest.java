package io.lunglens.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static io.lunglens.model.HandMadeArchive.floats;
import static io.lunglens.model.HandMadeArchive.stateDict;

import io.lunglens.model.HandMadeArchive.Pickle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The archive reader on small hand-made hostile files: each differs from a well-formed two-value state dict in one
 * thing, and each must end in a one-line IOException, never in a RuntimeException, an Error or a hang.
 */
// The timeout guards against hangs on hostile input (in its own thread, so that a hang fails the test instead of
// blocking the suite); it is not a speed assertion.
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TorchArchiveTest {

    @TempDir
    Path tmp;

    @Test
    void wellFormedHandMadeArchivesRead() throws Exception {
        Path f = archive(stateDict("2", "1"), floats(1.5f, -2f));
        Map<String, TorchArchive.Tensor> t = TorchArchive.read(f);
        assertEquals(1, t.size());
        assertArrayEquals(new float[] {1.5f, -2f}, t.get("w").values());
        // A module: nested objects, a half-precision storage, a transposing stride and a memo reference.
        byte[] halves = {0, 0x3c, 0, (byte) 0xc0, 0, 0x38, 0, 0}; // 1, -2, 0.5, 0
        Path m = archive(HandMadeArchive.module(), halves);
        Map<String, TorchArchive.Tensor> mt = TorchArchive.read(m);
        assertEquals(List.of("layer.weight", "layer.bias"), List.copyOf(mt.keySet()));
        assertArrayEquals(new float[] {1, 0.5f, -2, 0}, mt.get("layer.weight").values());
        assertArrayEquals(mt.get("layer.weight").values(), mt.get("layer.bias").values());
    }

    @Test
    void memoReferenceToAMissingEntryIsOneLine() throws Exception {
        Pickle p = new Pickle().proto().op('}').op('h', 5).op('.');
        assertRefused(archive(p.bytes(), floats(0)), "memo entry 5");
    }

    @ParameterizedTest(name = "shape {0} stride {1}")
    @CsvSource(delimiter = ';', value = {
        "2147483647; 1; declares 2147483647 values but its storage holds 2",
        "268435456; 0; declares 268435456 values but its storage holds 2",
        "-1; 1; negative size",
        "4294967296,4294967296; 1,1; impossible shape",
        "2; 2; reaches past the end"})
    void tensorSizesAreCheckedAgainstTheStoredDataBeforeAllocating(String shape, String stride, String reason)
            throws Exception {
        assertRefused(archive(stateDict(shape, stride), floats(1, 2)), reason);
    }

    @Test
    void aPickleEntryThatInflatesPastTheCapIsRefused() throws Exception {
        // 17 MB of NONE opcodes deflate to a few KB: a zip bomb aimed at the unpickler's stack.
        byte[] bomb = new byte[17 << 20];
        Arrays.fill(bomb, (byte) 'N');
        bomb[bomb.length - 1] = '.';
        assertRefused(archive(bomb, floats(0)), "larger than");
    }

    @Test
    void aStorageEntryIsReadWithASizeCap() throws Exception {
        Path f = archive(stateDict("2", "1"), new byte[2 << 20]);
        IOException e = assertThrows(IOException.class,
                () -> TorchArchive.read(f, new TorchArchive.Limits(1 << 20, 1 << 20)));
        assertTrue(e.getMessage().contains("archive/data/0 is larger than"), e.getMessage());
        assertEquals(2, TorchArchive.read(f, new TorchArchive.Limits(1 << 20, 4 << 20)).get("w").values().length);
    }

    @Test
    void aDictThatContainsItselfIsRefused() throws Exception {
        Pickle p = new Pickle().proto().op('}').op('q', 0).text("a").op('h', 0).op('s').op('.');
        assertRefused(archive(p.bytes(), floats(0)), "deeper than");
    }

    @Test
    void deepNestingIsRefused() throws Exception {
        Pickle p = new Pickle().proto();
        int depth = 200_000;
        for (int i = 0; i < depth; i++) {
            p.op('}').text("a");
        }
        p.op('}');
        for (int i = 0; i < depth; i++) {
            p.op('s');
        }
        assertRefused(archive(p.op('.').bytes(), floats(0)), "deeper than");
    }

    @Test
    void oneDictRepeatedUnderEveryPathIsRefused() throws Exception {
        // Each level holds the level below twice, through the memo: 2^40 paths from a 500-byte pickle.
        Pickle p = new Pickle().proto().op('}').op('q', 0);
        for (int i = 1; i <= 40; i++) {
            p.op('}').op('(').text("a").op('h', i - 1).text("b").op('h', i - 1).op('u').op('q', i);
        }
        assertRefused(archive(p.op('.').bytes(), floats(0)), "more than");
    }

    @Test
    void aSelfContainingListAsADictKeyIsRefused() throws Exception {
        Pickle p = new Pickle().proto().op('}').op(']').op('q', 1).op('h', 1).op('a').op('N').op('s').op('.');
        assertRefused(archive(p.bytes(), floats(0)), "dict key");
    }

    @Test
    void aLongRunOfItemsIsReadInLinearTime() throws Exception {
        Pickle p = new Pickle().proto().op(']').op('(');
        for (int i = 0; i < 1_000_000; i++) {
            p.op('N');
        }
        p.op('e').op('.');
        Path f = archive(p.bytes(), floats(0));
        assertEquals(0, TorchArchive.read(f).size());
    }

    @Test
    void aSingleUnnamedTensorIsOneLine() throws Exception {
        Pickle p = new Pickle().proto().global("torch._utils", "_rebuild_tensor_v2").op('(')
                .storage("FloatStorage", "0").op('K', 0).longs("2").longs("1").op(0x89).op('t').op('R').op('.');
        assertRefused(archive(p.bytes(), floats(1, 2)), "one unnamed tensor");
    }

    @Test
    void aRebuildWithTooFewArgumentsIsOneLine() throws Exception {
        Pickle p = new Pickle().proto().op('}').text("w").global("torch._utils", "_rebuild_tensor_v2")
                .op(')').op('R').op('s').op('.');
        assertRefused(archive(p.bytes(), floats(0)), "from 0 arguments");
    }

    private static void assertRefused(Path f, String reason) {
        IOException e = assertThrows(IOException.class, () -> TorchArchive.read(f));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    /** A torch.save-style zip with archive/data.pkl and archive/data/0, deflated as a zip bomb would be. */
    Path archive(byte[] pickle, byte[] storage) throws IOException {
        Path f = Files.createTempFile(tmp, "hostile", ".pt");
        return HandMadeArchive.write(f, Map.of("data.pkl", pickle, "data/0", storage), false);
    }
}
