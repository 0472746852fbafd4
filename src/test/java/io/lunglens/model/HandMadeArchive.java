package io.lunglens.model;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Small torch.save-style archives written by hand, for the archive reader's tests and the fuzzer's seeds. */
public final class HandMadeArchive {

    private HandMadeArchive() {
    }

    /** {"w": a float tensor of the given shape and stride (comma-separated) on storage "0", offset 0}. */
    public static byte[] stateDict(String shape, String stride) {
        Pickle p = new Pickle().proto().op('}').text("w").global("torch._utils", "_rebuild_tensor_v2").op('(');
        p.storage("FloatStorage", "0").op('K', 0).longs(shape).longs(stride).op(0x89).op('t').op('R').op('s');
        return p.op('.').bytes();
    }

    /**
     * A module as torch.jit.save writes one: an object built by NEWOBJ whose state (BUILD) names a child module and a
     * half-precision tensor, with memo references between them.
     */
    public static byte[] module() {
        Pickle p = new Pickle().proto().global("__torch__", "Net").op('q', 0).op(')').op(0x81).op('}').op('(');
        p.text("layer").global("__torch__", "Layer").op(')').op(0x81).op('}').op('(');
        p.text("weight").global("torch._utils", "_rebuild_tensor_v2").op('(').storage("HalfStorage", "0")
                .op('K', 0).longs("2,2").longs("1,2").op(0x89).op('t').op('R').op('q', 1)
                .text("bias").op('h', 1).op('u').op('b');
        p.text("training").op(0x88).op('u').op('b');
        return p.op('.').bytes();
    }

    public static byte[] floats(float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) {
            b.putFloat(x);
        }
        return b.array();
    }

    /**
     * Writes the entries under "archive/" (e.g. "data.pkl", "data/0"). Stored entries keep the pickle's bytes as they
     * are, for the fuzzer to mutate; deflated ones let a small file inflate to a large entry.
     */
    public static Path write(Path f, Map<String, byte[]> entries, boolean stored) throws IOException {
        try (OutputStream out = Files.newOutputStream(f); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setLevel(Deflater.BEST_SPEED);
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry z = new ZipEntry("archive/" + e.getKey());
                if (stored) {
                    CRC32 crc = new CRC32();
                    crc.update(e.getValue());
                    z.setMethod(ZipEntry.STORED);
                    z.setSize(e.getValue().length);
                    z.setCrc(crc.getValue());
                }
                zip.putNextEntry(z);
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return f;
    }

    /** Writes pickle opcodes by hand. */
    public static final class Pickle {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        public Pickle proto() {
            return op(0x80, 2);
        }

        public Pickle op(int... bytes) {
            for (int b : bytes) {
                out.write(b);
            }
            return this;
        }

        public Pickle text(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            op('X', b.length, b.length >>> 8, b.length >>> 16, b.length >>> 24);
            out.writeBytes(b);
            return this;
        }

        public Pickle global(String module, String name) {
            op('c');
            out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
            return this;
        }

        /** A persistent reference to storage data/KEY of the given type. */
        public Pickle storage(String type, String key) {
            op('(').text("storage").global("torch", type).text(key).text("cpu").op('K', 4).op('t');
            return op('Q');
        }

        /** A tuple of longs written as 8-byte LONG1 values, e.g. "2,3". */
        public Pickle longs(String csv) {
            op('(');
            for (String s : csv.split(",")) {
                long v = Long.parseLong(s.strip());
                op(0x8a, 8);
                for (int i = 0; i < 8; i++) {
                    out.write((int) (v >>> (8 * i)));
                }
            }
            return op('t');
        }

        public byte[] bytes() {
            return out.toByteArray();
        }
    }
}
