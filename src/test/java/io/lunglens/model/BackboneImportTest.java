package io.lunglens.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Importing torchvision ResNet weights: real TorchScript files written by torchvision (make-import-fixtures.py) at
 * the tiny test width, and the full ResNet50 name/shape table of the committed torchvision fixture.
 */
class BackboneImportTest {

    @TempDir
    Path tmp;

    private Path fixture(String name) throws IOException {
        Path f = tmp.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/model/import/" + name)) {
            Files.copy(in, f);
        }
        return f;
    }

    @Test
    void importsTorchScriptIncludingRunningStatsAndReproducesItsLogits() throws Exception {
        Path pt = fixture("tiny-resnet.pt");
        Path out = tmp.resolve("bb");
        BackboneImport.Result r = BackboneImport.run(pt, out, "tiny-bb", Architecture.TINY, "test weights", true);
        Map<String, TorchArchive.Tensor> source = TorchArchive.read(pt);
        try (ModelBundle fresh = ModelBundle.fresh(ModelCard.draft("x", Architecture.TINY, 64, false))) {
            assertEquals(ResNetLstm.torchParameters(fresh.network().backbone()).size(), r.imported());
        }
        assertEquals(2 + count(source, "num_batches_tracked"), r.ignored());
        assertEquals(source.size(), r.imported() + r.ignored());
        assertEquals(20, r.checkedLogits());
        assertTrue(r.relativeError() < 1e-5, "relative error " + r.relativeError());
        assertTrue(Files.exists(out.resolve(ModelBundle.WEIGHTS_FILE_F32)));

        try (ModelBundle b = ModelBundle.load(out)) {
            Map<String, Parameter> p = ResNetLstm.torchParameters(b.network().backbone());
            for (String name : new String[] {"layer3.0.bn2.running_var", "layer4.0.downsample.1.running_mean",
                    "conv1.weight"}) {
                assertArrayEquals(source.get(name).values(), p.get(name).getArray().toFloatArray(), 0f, name);
            }
            // The BatchNorm statistics are not the defaults, so copying them is what made the logits agree.
            assertTrue(Math.abs(source.get("layer3.0.bn2.running_var").values()[0] - 1) > 1e-3);
            Map<String, Object> t = b.card().training();
            assertEquals("backbone", t.get("kind"));
            assertEquals("test weights", t.get("weights"));
            assertEquals(BackboneImport.sha256(pt), t.get("sourceSha256"));
            assertTrue(String.valueOf(t.get("checkedAgainstSource")).startsWith("20 logits"));
        }
    }

    @Test
    void ourForwardPassMatchesTorchvisionsOwnOutput() throws Exception {
        Path pt = fixture("tiny-resnet.pt");
        JsonNode ref = new ObjectMapper().readTree(getClass().getResourceAsStream("/model/import/tiny-resnet.json"));
        float[] x = floats(ref.get("input"));
        float[] expected = floats(ref.get("logits"));
        Map<String, TorchArchive.Tensor> t = TorchArchive.read(pt);
        Path out = tmp.resolve("bb");
        BackboneImport.run(pt, out, "tiny-bb", Architecture.TINY, "test weights");
        try (ModelBundle b = ModelBundle.load(out)) {
            float[] ours = BackboneImport.pooledLogits(b.network().backbone(), x, 64, t.get("fc.weight"), t.get("fc.bias"));
            assertArrayEquals(expected, ours, 1e-4f);
        }
    }

    @Test
    void torchScriptIsReadAsDataAndItsProgramRunsOnlyOnRequest() throws Exception {
        // The same weights, but the file's program no longer compiles: libtorch cannot load it, our reader can.
        Path pt = withBrokenCode(fixture("tiny-resnet.pt"), tmp.resolve("broken-code.pt"));
        BackboneImport.Result r = BackboneImport.run(pt, tmp.resolve("bb"), "x", Architecture.TINY, "w");
        assertEquals(0, r.checkedLogits());
        try (ModelBundle b = ModelBundle.load(tmp.resolve("bb"))) {
            assertTrue(!b.card().training().containsKey("checkedAgainstSource"), b.card().training().toString());
        }
        ModelBundleException e = assertThrows(ModelBundleException.class,
                () -> BackboneImport.run(pt, tmp.resolve("checked"), "x", Architecture.TINY, "w", true));
        assertTrue(e.getMessage().contains("cannot load it as TorchScript"), e.getMessage());
        assertTrue(!Files.exists(tmp.resolve("checked")));
    }

    /** A copy of a TorchScript archive whose code/*.py files are replaced by text that is not Python. */
    private static Path withBrokenCode(Path src, Path dst) throws IOException {
        try (ZipFile in = new ZipFile(src.toFile());
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(dst))) {
            for (ZipEntry e : Collections.list(in.entries())) {
                out.putNextEntry(new ZipEntry(e.getName()));
                if (e.getName().contains("/code/") && e.getName().endsWith(".py")) {
                    out.write("def forward(self x) this is not a program (".getBytes(StandardCharsets.UTF_8));
                } else {
                    try (InputStream data = in.getInputStream(e)) {
                        data.transferTo(out);
                    }
                }
                out.closeEntry();
            }
        }
        return dst;
    }

    @Test
    void basicBlockNetworkIsRefusedAsTheWrongArchitecture() throws Exception {
        Path pt = fixture("tiny-basic.pt");
        ModelBundleException e = assertThrows(ModelBundleException.class,
                () -> BackboneImport.run(pt, tmp.resolve("bb"), "x", Architecture.TINY, "w"));
        assertTrue(e.getMessage().contains("tiny-basic.pt"), e.getMessage());
        assertTrue(e.getMessage().contains("missing (first layer1.0.conv3.weight)"), e.getMessage());
        assertTrue(e.getMessage().contains("BasicBlocks, like resnet18"), e.getMessage());
        assertTrue(!Files.exists(tmp.resolve("bb")));
    }

    @Test
    void truncatedFileIsRefused() throws Exception {
        Path pt = fixture("tiny-resnet.pt");
        Path cut = tmp.resolve("cut.pt");
        byte[] all = Files.readAllBytes(pt);
        Files.write(cut, Arrays.copyOf(all, all.length / 2));
        ModelBundleException e = assertThrows(ModelBundleException.class,
                () -> BackboneImport.run(cut, tmp.resolve("bb"), "x", Architecture.TINY, "w"));
        assertTrue(e.getMessage().contains("cut.pt") && e.getMessage().contains("truncated"), e.getMessage());
        Files.write(cut, new byte[0]);
        assertThrows(ModelBundleException.class, () -> BackboneImport.read(cut));
    }

    @Test
    void stateDictWithATensorMissingIsRefusedByName() throws Exception {
        Map<String, TorchArchive.Tensor> t = TorchArchive.read(fixture("tiny-resnet.pt"));
        Path full = writeNpz(t, null, "full.npz");
        BackboneImport.Result ok = BackboneImport.run(full, tmp.resolve("ok"), "x", Architecture.TINY, "w");
        assertEquals(0, ok.checkedLogits());
        Path npz = writeNpz(t, "layer2.0.bn1.running_var", "missing.npz");
        ModelBundleException e = assertThrows(ModelBundleException.class,
                () -> BackboneImport.run(npz, tmp.resolve("bb"), "x", Architecture.TINY, "w"));
        assertTrue(e.getMessage().contains("missing.npz"), e.getMessage());
        assertTrue(e.getMessage().contains("1 tensor(s) missing (first layer2.0.bn1.running_var)"), e.getMessage());
    }

    @Test
    void fullResNet50TableMapsOntoOurBackbone() throws Exception {
        Map<String, TorchArchive.Tensor> table = new LinkedHashMap<>();
        try (InputStream in = getClass().getResourceAsStream("/model/torchvision-resnet50-state.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                long[] shape = Arrays.stream(f[1].split(",")).filter(s -> !s.isEmpty())
                        .mapToLong(Long::parseLong).toArray();
                table.put(f[0], new TorchArchive.Tensor(f[0], shape, "FloatStorage", new float[0]));
            }
        }
        table.put("fc.weight", new TorchArchive.Tensor("fc.weight", new long[] {1000, 2048}, "FloatStorage", new float[0]));
        table.put("fc.bias", new TorchArchive.Tensor("fc.bias", new long[] {1000}, "FloatStorage", new float[0]));
        Path src = tmp.resolve("resnet50.pt");
        try (ModelBundle b = ModelBundle.fresh(ModelCard.draft("x", Architecture.RESNET50_LSTM, 224, false))) {
            Map<String, Parameter> target = ResNetLstm.torchParameters(b.network().backbone());
            int ignored = BackboneImport.check(src, table, target, "ResNet50");
            assertEquals(2 + count(table, "num_batches_tracked"), ignored);
            assertEquals(53, count(table, "num_batches_tracked"));

            Map<String, TorchArchive.Tensor> wrong = new LinkedHashMap<>(table);
            wrong.put("layer4.2.bn3.weight", new TorchArchive.Tensor("layer4.2.bn3.weight", new long[] {1024},
                    "FloatStorage", new float[0]));
            wrong.put("layer5.0.conv1.weight", new TorchArchive.Tensor("layer5.0.conv1.weight", new long[] {1},
                    "FloatStorage", new float[0]));
            String msg = assertThrows(ModelBundleException.class,
                    () -> BackboneImport.check(src, wrong, target, "ResNet50")).getMessage();
            assertTrue(msg.contains("layer4.2.bn3.weight is [1024], needs [2048]"), msg);
            assertTrue(msg.contains("1 unexpected (first layer5.0.conv1.weight)"), msg);
        }
    }

    private Path writeNpz(Map<String, TorchArchive.Tensor> t, String leaveOut, String name) throws IOException {
        Path f = tmp.resolve(name);
        try (NDManager m = EngineBootstrap.engine().newBaseManager(); OutputStream out = Files.newOutputStream(f)) {
            NDList list = new NDList();
            for (TorchArchive.Tensor x : t.values()) {
                if (!x.name().equals(leaveOut)) {
                    NDArray a = m.create(x.values(), new Shape(x.shape()));
                    a.setName(x.name());
                    list.add(a);
                }
            }
            list.encode(out, NDList.Encoding.NPZ);
        }
        return f;
    }

    private static int count(Map<String, TorchArchive.Tensor> t, String suffix) {
        return (int) t.keySet().stream().filter(k -> k.endsWith(suffix)).count();
    }

    private static float[] floats(JsonNode a) {
        float[] f = new float[a.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) a.get(i).asDouble();
        }
        return f;
    }
}
