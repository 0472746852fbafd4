package io.lunglens.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads every tensor of a TorchScript file (torch.jit.save) or a zipped torch.save state dict, by its torch name
 * (layer1.0.bn1.running_mean), without Python. DJL's engine exposes a TorchScript module's parameters but not its
 * buffers, and BatchNorm's running statistics are buffers; so the archive's data.pkl is read here by a small pickle
 * interpreter that knows the opcodes these files use and refuses any other.
 */
public final class TorchArchive {

    /** One tensor as float32 values in row-major order. */
    public record Tensor(String name, long[] shape, String storage, float[] values) {
        public String shapeText() {
            return Arrays.toString(shape);
        }
    }

    private TorchArchive() {
    }

    /** Tensors by name, in the order the file lists them. */
    public static Map<String, Tensor> read(Path file) throws IOException {
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (java.util.zip.ZipException e) {
            throw new IOException("not a TorchScript or torch.save archive (no zip directory: truncated or another"
                    + " format)");
        }
        try (zip) {
            ZipEntry pkl = zip.stream().filter(e -> e.getName().matches("[^/]+/data\\.pkl")).findFirst()
                    .orElseThrow(() -> new IOException("archive has no data.pkl: not a TorchScript or torch.save file"));
            String prefix = pkl.getName().substring(0, pkl.getName().length() - "data.pkl".length());
            ZipEntry order = zip.getEntry(prefix + "byteorder");
            ByteOrder byteOrder = ByteOrder.LITTLE_ENDIAN;
            if (order != null && new String(readAll(zip, order), StandardCharsets.US_ASCII).trim().equals("big")) {
                byteOrder = ByteOrder.BIG_ENDIAN;
            }
            Object root = new Unpickler(readAll(zip, pkl)).load();
            Map<String, TensorRef> refs = new LinkedHashMap<>();
            collect(root, "", refs);
            Map<String, Tensor> out = new LinkedHashMap<>();
            Map<String, ByteBuffer> storages = new HashMap<>();
            for (Map.Entry<String, TensorRef> e : refs.entrySet()) {
                TensorRef t = e.getValue();
                ByteBuffer data = storages.get(t.storage.key);
                if (data == null) {
                    ZipEntry entry = zip.getEntry(prefix + "data/" + t.storage.key);
                    if (entry == null) {
                        throw new IOException("tensor " + e.getKey() + " points at missing storage data/" + t.storage.key);
                    }
                    data = ByteBuffer.wrap(readAll(zip, entry)).order(byteOrder);
                    storages.put(t.storage.key, data);
                }
                out.put(e.getKey(), new Tensor(e.getKey(), t.shape, t.storage.type, values(e.getKey(), t, data)));
            }
            return out;
        }
    }

    private static byte[] readAll(ZipFile zip, ZipEntry e) throws IOException {
        try (InputStream in = zip.getInputStream(e)) {
            return in.readAllBytes();
        } catch (java.util.zip.ZipException ex) {
            throw new IOException("archive entry " + e.getName() + " is damaged: " + ex.getMessage());
        }
    }

    /** Walks modules (objects whose state names their children) and plain dicts, naming tensors by their path. */
    private static void collect(Object node, String prefix, Map<String, TensorRef> out) {
        if (node instanceof TensorRef t) {
            out.put(prefix.substring(0, prefix.length() - 1), t);
        } else if (node instanceof Obj o && o.state instanceof Map<?, ?> state) {
            collect(state, prefix, out);
        } else if (node instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (e.getKey() instanceof String k) {
                    collect(e.getValue(), prefix + k + ".", out);
                }
            }
        }
    }

    private static float[] values(String name, TensorRef t, ByteBuffer data) throws IOException {
        int width = switch (t.storage.type) {
            case "FloatStorage", "IntStorage" -> 4;
            case "HalfStorage", "BFloat16Storage" -> 2;
            case "DoubleStorage", "LongStorage" -> 8;
            default -> throw new IOException("tensor " + name + " has unsupported storage " + t.storage.type);
        };
        long count = 1;
        for (long d : t.shape) {
            count *= d;
        }
        if (count > Integer.MAX_VALUE) {
            throw new IOException("tensor " + name + " is too large");
        }
        float[] v = new float[(int) count];
        int rank = t.shape.length;
        long[] index = new long[rank];
        for (int i = 0; i < v.length; i++) {
            long element = t.offset;
            for (int d = 0; d < rank; d++) {
                element += index[d] * t.stride[d];
            }
            long at = element * width;
            if (at < 0 || at + width > data.capacity()) {
                throw new IOException("tensor " + name + " reaches past the end of its storage (file damaged)");
            }
            v[i] = read(data, (int) at, t.storage.type);
            for (int d = rank - 1; d >= 0; d--) {
                if (++index[d] < t.shape[d]) {
                    break;
                }
                index[d] = 0;
            }
        }
        return v;
    }

    private static float read(ByteBuffer b, int at, String type) {
        return switch (type) {
            case "FloatStorage" -> b.getFloat(at);
            case "IntStorage" -> b.getInt(at);
            case "HalfStorage" -> halfToFloat(b.getShort(at));
            case "BFloat16Storage" -> Float.intBitsToFloat((b.getShort(at) & 0xffff) << 16);
            case "DoubleStorage" -> (float) b.getDouble(at);
            default -> b.getLong(at);
        };
    }

    /** IEEE half to float (Java 17 has no Float.float16ToFloat). */
    static float halfToFloat(short h) {
        int sign = (h & 0x8000) << 16;
        int exp = (h >> 10) & 0x1f;
        int mant = h & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            float v = mant * 0x1p-24f;
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    record Global(String module, String name) {
    }

    record Storage(String type, String key) {
    }

    record TensorRef(Storage storage, long offset, long[] shape, long[] stride) {
    }

    /** An object made by NEWOBJ or an unknown REDUCE; BUILD gives it its state. */
    static final class Obj {
        final Global type;
        Object state;

        Obj(Global type) {
            this.type = type;
        }
    }

    /** The pickle opcodes torch.jit.save and torch.save write (protocols 2 to 4); anything else is refused. */
    static final class Unpickler {
        private static final Object MARK = new Object();
        private final ByteBuffer in;
        private final Deque<Object> stack = new ArrayDeque<>();
        private final Map<Integer, Object> memo = new HashMap<>();

        Unpickler(byte[] data) {
            in = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        }

        Object load() throws IOException {
            try {
                return run();
            } catch (java.nio.BufferUnderflowException | java.util.NoSuchElementException | ClassCastException e) {
                throw new IOException("data.pkl is damaged near byte " + in.position());
            }
        }

        private Object run() throws IOException {
            while (true) {
                int at = in.position();
                int op = in.get() & 0xff;
                switch (op) {
                    case 0x80 -> in.get(); // PROTO
                    case 0x95 -> in.getLong(); // FRAME
                    case '.' -> { // STOP
                        return stack.pop();
                    }
                    case 'c' -> stack.push(new Global(line(), line())); // GLOBAL
                    case 0x93 -> { // STACK_GLOBAL
                        String name = (String) stack.pop();
                        stack.push(new Global((String) stack.pop(), name));
                    }
                    case 'q' -> memo.put(in.get() & 0xff, stack.peek()); // BINPUT
                    case 'r' -> memo.put(in.getInt(), stack.peek()); // LONG_BINPUT
                    case 0x94 -> memo.put(memo.size(), stack.peek()); // MEMOIZE
                    case 'h' -> stack.push(memo.get(in.get() & 0xff)); // BINGET
                    case 'j' -> stack.push(memo.get(in.getInt())); // LONG_BINGET
                    case '(' -> stack.push(MARK);
                    case ')' -> stack.push(List.of()); // EMPTY_TUPLE
                    case 't' -> stack.push(popMark()); // TUPLE
                    case 0x85 -> stack.push(List.of(stack.pop())); // TUPLE1
                    case 0x86 -> { // TUPLE2
                        Object b = stack.pop();
                        stack.push(List.of(stack.pop(), b));
                    }
                    case 0x87 -> { // TUPLE3
                        Object c = stack.pop();
                        Object b = stack.pop();
                        stack.push(List.of(stack.pop(), b, c));
                    }
                    case '}' -> stack.push(new LinkedHashMap<Object, Object>()); // EMPTY_DICT
                    case ']' -> stack.push(new ArrayList<Object>()); // EMPTY_LIST
                    case 's' -> { // SETITEM
                        Object v = stack.pop();
                        Object k = stack.pop();
                        dict(stack.peek()).put(k, v);
                    }
                    case 'u' -> { // SETITEMS
                        List<Object> items = popMark();
                        Map<Object, Object> d = dict(stack.peek());
                        for (int i = 0; i + 1 < items.size(); i += 2) {
                            d.put(items.get(i), items.get(i + 1));
                        }
                    }
                    case 'a' -> { // APPEND
                        Object v = stack.pop();
                        list(stack.peek()).add(v);
                    }
                    case 'e' -> { // APPENDS
                        List<Object> items = popMark();
                        list(stack.peek()).addAll(items);
                    }
                    case 'N' -> stack.push(NONE);
                    case 0x88 -> stack.push(Boolean.TRUE);
                    case 0x89 -> stack.push(Boolean.FALSE);
                    case 'J' -> stack.push((long) in.getInt()); // BININT
                    case 'K' -> stack.push((long) (in.get() & 0xff)); // BININT1
                    case 'M' -> stack.push((long) (in.getShort() & 0xffff)); // BININT2
                    case 0x8a -> stack.push(long1(in.get() & 0xff)); // LONG1
                    case 'G' -> stack.push(in.order(ByteOrder.BIG_ENDIAN).getDouble()); // BINFLOAT
                    case 'X' -> stack.push(text(in.getInt())); // BINUNICODE
                    case 0x8c -> stack.push(text(in.get() & 0xff)); // SHORT_BINUNICODE
                    case 'T' -> stack.push(text(in.getInt())); // BINSTRING
                    case 'U' -> stack.push(text(in.get() & 0xff)); // SHORT_BINSTRING
                    case 'C' -> stack.push(bytes(in.get() & 0xff)); // SHORT_BINBYTES
                    case 'B' -> stack.push(bytes(in.getInt())); // BINBYTES
                    case 'Q' -> stack.push(persistent(stack.pop())); // BINPERSID
                    case 0x81 -> { // NEWOBJ
                        stack.pop();
                        stack.push(new Obj((Global) stack.pop()));
                    }
                    case 'R' -> { // REDUCE
                        List<?> args = (List<?>) stack.pop();
                        stack.push(reduce((Global) stack.pop(), args));
                    }
                    case 'b' -> { // BUILD
                        Object state = stack.pop();
                        Object target = stack.peek();
                        if (target instanceof Obj o) {
                            o.state = state;
                        } else if (target instanceof Map<?, ?> && state instanceof Map<?, ?> s) {
                            dict(target).putAll(s);
                        }
                    }
                    default -> throw new IOException(String.format(java.util.Locale.ROOT,
                            "data.pkl uses pickle opcode 0x%02x at byte %d, which a torch archive does not", op, at));
                }
                in.order(ByteOrder.LITTLE_ENDIAN);
            }
        }

        private static final Object NONE = new Object();

        private Object reduce(Global f, List<?> args) throws IOException {
            String fn = f.module() + "." + f.name();
            switch (fn) {
                case "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_tensor" -> {
                    return new TensorRef((Storage) args.get(0), (Long) args.get(1), longs(args.get(2)), longs(args.get(3)));
                }
                case "torch._utils._rebuild_parameter", "torch._utils._rebuild_parameter_with_state" -> {
                    return args.get(0);
                }
                case "collections.OrderedDict" -> {
                    return new LinkedHashMap<Object, Object>();
                }
                default -> {
                    Obj o = new Obj(f);
                    o.state = args;
                    return o;
                }
            }
        }

        private static Object persistent(Object pid) throws IOException {
            List<?> t = (List<?>) pid;
            if (t.size() < 3 || !"storage".equals(t.get(0))) {
                throw new IOException("data.pkl refers to an unknown persistent object " + t);
            }
            Object type = t.get(1);
            String name = type instanceof Global g ? g.name() : String.valueOf(type);
            return new Storage(name, String.valueOf(t.get(2)));
        }

        private static long[] longs(Object tuple) {
            List<?> l = (List<?>) tuple;
            long[] out = new long[l.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = (Long) l.get(i);
            }
            return out;
        }

        @SuppressWarnings("unchecked")
        private static Map<Object, Object> dict(Object o) {
            return (Map<Object, Object>) o;
        }

        @SuppressWarnings("unchecked")
        private static List<Object> list(Object o) {
            return (List<Object>) o;
        }

        private List<Object> popMark() {
            List<Object> items = new ArrayList<>();
            while (true) {
                Object o = stack.pop();
                if (o == MARK) {
                    break;
                }
                items.add(0, o);
            }
            return items;
        }

        private String line() {
            StringBuilder sb = new StringBuilder();
            byte b;
            while ((b = in.get()) != '\n') {
                sb.append((char) b);
            }
            return sb.toString();
        }

        private String text(int n) throws IOException {
            return new String(bytes(n), StandardCharsets.UTF_8);
        }

        private byte[] bytes(int n) throws IOException {
            if (n < 0 || n > in.remaining()) {
                throw new IOException("data.pkl is truncated near byte " + in.position());
            }
            byte[] b = new byte[n];
            in.get(b);
            return b;
        }

        private long long1(int n) {
            long v = 0;
            for (int i = 0; i < n; i++) {
                v |= (long) (in.get() & 0xff) << (8 * i);
            }
            if (n > 0 && n < 8 && (v >> (8 * n - 1) & 1) == 1) {
                v -= 1L << (8 * n);
            }
            return v;
        }
    }
}
