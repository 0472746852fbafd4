package io.lunglens.model;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
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

    /**
     * Caps on what one file may make the reader hold, so that a hostile archive ends in an IOException, never in an
     * OutOfMemoryError. A traced ResNet50 has a data.pkl of a few tens of KB and about 100 MB of float32 storages.
     *
     * @param pickleBytes largest data.pkl
     * @param dataBytes   largest sum of all storages read; the tensors' values may take as much again
     */
    record Limits(int pickleBytes, long dataBytes) {
        static final Limits DEFAULT = new Limits(16 << 20, 512L << 20);
    }

    /** Deepest module nesting followed; torchvision's ResNets nest 4 deep. */
    private static final int MAX_DEPTH = 64;
    /** Most dict and module nodes walked; bounds a pickle whose memo makes one dict appear under many paths. */
    private static final int MAX_NODES = 1 << 20;
    /** Longest tensor name. */
    private static final int MAX_NAME = 1024;

    /** Tensors by name, in the order the file lists them. */
    public static Map<String, Tensor> read(Path file) throws IOException {
        return read(file, Limits.DEFAULT);
    }

    static Map<String, Tensor> read(Path file, Limits limits) throws IOException {
        try {
            return readZip(file, limits);
        } catch (IOException e) {
            // Entry, storage and tensor names come from the file and may hold line breaks: the message stays one line.
            String line = e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage().replaceAll("[\\p{Cntrl}]", "?");
            throw line.equals(e.getMessage()) ? e : new IOException(line, e);
        }
    }

    private static Map<String, Tensor> readZip(Path file, Limits limits) throws IOException {
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException | EOFException e) {
            throw new IOException("not a TorchScript or torch.save archive (no zip directory: truncated or another"
                    + " format)");
        }
        try (zip) {
            ZipEntry pkl = zip.stream().filter(e -> e.getName().endsWith("/data.pkl")
                            && e.getName().indexOf('/') == e.getName().length() - "/data.pkl".length()).findFirst()
                    .orElseThrow(() -> new IOException("archive has no data.pkl: not a TorchScript or torch.save file"));
            String prefix = pkl.getName().substring(0, pkl.getName().length() - "data.pkl".length());
            ZipEntry order = zip.getEntry(prefix + "byteorder");
            ByteOrder byteOrder = ByteOrder.LITTLE_ENDIAN;
            if (order != null && new String(readAll(zip, order, 16), StandardCharsets.US_ASCII).trim().equals("big")) {
                byteOrder = ByteOrder.BIG_ENDIAN;
            }
            Object root = new Unpickler(readAll(zip, pkl, limits.pickleBytes())).load();
            Map<String, TensorRef> refs = new LinkedHashMap<>();
            new Walk(refs).collect(root, "", 0);
            return tensors(zip, prefix, byteOrder, refs, limits);
        }
    }

    private static Map<String, Tensor> tensors(ZipFile zip, String prefix, ByteOrder byteOrder,
                                               Map<String, TensorRef> refs, Limits limits) throws IOException {
        Map<String, Tensor> out = new LinkedHashMap<>();
        Map<String, ByteBuffer> storages = new HashMap<>();
        long dataLeft = limits.dataBytes();
        long valuesLeft = limits.dataBytes() / Float.BYTES;
        for (Map.Entry<String, TensorRef> e : refs.entrySet()) {
            TensorRef t = e.getValue();
            ByteBuffer data = storages.get(t.storage.key);
            if (data == null) {
                ZipEntry entry = zip.getEntry(prefix + "data/" + t.storage.key);
                if (entry == null) {
                    throw new IOException("tensor " + e.getKey() + " points at missing storage data/" + t.storage.key);
                }
                data = ByteBuffer.wrap(readAll(zip, entry, dataLeft)).order(byteOrder);
                dataLeft -= data.capacity();
                storages.put(t.storage.key, data);
            }
            long count = checkView(e.getKey(), t, data.capacity());
            if (count > valuesLeft) {
                throw new IOException("tensor " + e.getKey() + " takes the archive's tensors beyond "
                        + limits.dataBytes() / Float.BYTES + " values (views of one storage repeated?)");
            }
            valuesLeft -= count;
            out.put(e.getKey(), new Tensor(e.getKey(), t.shape, t.storage.type, values(t, (int) count, data)));
        }
        return out;
    }

    /** Reads an entry, refusing one larger than max bytes whatever its header says (a zip bomb inflates on). */
    private static byte[] readAll(ZipFile zip, ZipEntry e, long max) throws IOException {
        int cap = (int) Math.min(max, Integer.MAX_VALUE - 16);
        if (e.getSize() > cap) {
            throw tooLarge(e, cap);
        }
        byte[] b;
        try (InputStream in = zip.getInputStream(e)) {
            b = in.readNBytes(cap + 1);
        } catch (IOException ex) {
            // The zip streams' own messages may be missing (EOFException) or name nothing.
            throw new IOException("archive entry " + e.getName() + " is damaged or truncated ("
                    + (ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage()) + ")");
        }
        if (b.length > cap) {
            throw tooLarge(e, cap);
        }
        return b;
    }

    private static IOException tooLarge(ZipEntry e, long cap) {
        return new IOException("archive entry " + e.getName() + " is larger than the " + cap
                + " bytes a model file may have here");
    }

    /** Walks modules (objects whose state names their children) and plain dicts, naming tensors by their path. */
    private static final class Walk {
        private final Map<String, TensorRef> out;
        private int nodes;

        Walk(Map<String, TensorRef> out) {
            this.out = out;
        }

        void collect(Object node, String prefix, int depth) throws IOException {
            if (node instanceof TensorRef t) {
                if (prefix.isEmpty()) {
                    throw new IOException("the archive holds one unnamed tensor, not a model or state dict");
                }
                out.put(prefix.substring(0, prefix.length() - 1), t);
                return;
            }
            Map<?, ?> map = node instanceof Obj o && o.state instanceof Map<?, ?> state ? state
                    : node instanceof Map<?, ?> m ? m : null;
            if (map == null) {
                return;
            }
            if (depth > MAX_DEPTH || ++nodes > MAX_NODES) {
                throw new IOException("data.pkl nests modules deeper than " + MAX_DEPTH + " or repeats them more than "
                        + MAX_NODES + " times (a cycle?)");
            }
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (e.getKey() instanceof String k) {
                    if (prefix.length() + k.length() > MAX_NAME) {
                        throw new IOException("data.pkl names a tensor longer than " + MAX_NAME + " characters");
                    }
                    collect(e.getValue(), prefix + k + ".", depth + 1);
                }
            }
        }
    }

    /**
     * Checks a tensor's view against its storage before anything is allocated for it and returns its number of
     * values: no negative size, stride or offset, no element past the storage's end, no more values than stored.
     */
    private static long checkView(String name, TensorRef t, int storageBytes) throws IOException {
        long elements = storageBytes / width(name, t.storage.type);
        if (t.offset < 0 || t.shape.length != t.stride.length) {
            throw new IOException("tensor " + name + " has an invalid offset or stride (file damaged)");
        }
        long count = 1;
        long last = t.offset;
        try {
            for (int d = 0; d < t.shape.length; d++) {
                if (t.shape[d] < 0 || t.stride[d] < 0) {
                    throw new IOException("tensor " + name + " has a negative size or stride (file damaged)");
                }
                count = Math.multiplyExact(count, t.shape[d]);
                if (t.shape[d] > 0) {
                    last = Math.addExact(last, Math.multiplyExact(t.shape[d] - 1, t.stride[d]));
                }
            }
        } catch (ArithmeticException e) {
            throw new IOException("tensor " + name + " has an impossible shape " + Arrays.toString(t.shape));
        }
        if (count > elements) {
            throw new IOException("tensor " + name + " declares " + count + " values but its storage holds "
                    + elements + " (file damaged)");
        }
        if (count > 0 && last >= elements) {
            throw new IOException("tensor " + name + " reaches past the end of its storage (file damaged)");
        }
        return count;
    }

    private static int width(String name, String type) throws IOException {
        return switch (type) {
            case "FloatStorage", "IntStorage" -> 4;
            case "HalfStorage", "BFloat16Storage" -> 2;
            case "DoubleStorage", "LongStorage" -> 8;
            default -> throw new IOException("tensor " + name + " has unsupported storage " + type);
        };
    }

    /** The view's values in row-major order; checkView has bounded every index. */
    private static float[] values(TensorRef t, int count, ByteBuffer data) throws IOException {
        int width = width("", t.storage.type);
        float[] v = new float[count];
        int rank = t.shape.length;
        long[] index = new long[rank];
        for (int i = 0; i < v.length; i++) {
            long element = t.offset;
            for (int d = 0; d < rank; d++) {
                element += index[d] * t.stride[d];
            }
            v[i] = read(data, (int) (element * width), t.storage.type);
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

    /**
     * The pickle opcodes torch.jit.save and torch.save write (protocols 2 to 4); anything else is refused. Memo and
     * stack are capped, dict keys must be names or numbers (a self-containing list as a key would recurse in
     * hashCode), and a reference to a memo entry never stored is an error.
     */
    static final class Unpickler {
        private static final Object MARK = new Object();
        private static final Object NONE = new Object();
        /** Most objects on the stack or in the memo: a ResNet50's data.pkl uses a few thousand. */
        static final int MAX_OBJECTS = 1 << 20;
        private final ByteBuffer in;
        private final Deque<Object> stack = new ArrayDeque<>();
        private final Map<Long, Object> memo = new HashMap<>();

        Unpickler(byte[] data) {
            in = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        }

        Object load() throws IOException {
            try {
                return run();
            } catch (BufferUnderflowException | NoSuchElementException | ClassCastException
                     | IndexOutOfBoundsException e) {
                throw new IOException("data.pkl is damaged near byte " + in.position());
            }
        }

        private Object run() throws IOException {
            while (true) {
                int at = in.position();
                int op = in.get() & 0xff;
                if (stack.size() >= MAX_OBJECTS) {
                    throw new IOException("data.pkl stacks more than " + MAX_OBJECTS + " objects");
                }
                if (op == '.') { // STOP
                    return stack.pop();
                }
                if (!memoOp(op) && !containerOp(op) && !valueOp(op)) {
                    throw new IOException(String.format(Locale.ROOT,
                            "data.pkl uses pickle opcode 0x%02x at byte %d, which a torch archive does not", op, at));
                }
                in.order(ByteOrder.LITTLE_ENDIAN);
            }
        }

        private boolean memoOp(int op) throws IOException {
            switch (op) {
                case 'q' -> put(in.get() & 0xff); // BINPUT
                case 'r' -> put(in.getInt() & 0xffffffffL); // LONG_BINPUT
                case 0x94 -> put(memo.size()); // MEMOIZE
                case 'h' -> stack.push(get(in.get() & 0xff)); // BINGET
                case 'j' -> stack.push(get(in.getInt() & 0xffffffffL)); // LONG_BINGET
                default -> {
                    return false;
                }
            }
            return true;
        }

        private void put(long key) throws IOException {
            if (memo.size() >= MAX_OBJECTS) {
                throw new IOException("data.pkl memoizes more than " + MAX_OBJECTS + " objects");
            }
            memo.put(key, stack.element());
        }

        private Object get(long key) throws IOException {
            Object o = memo.get(key);
            if (o == null) {
                throw new IOException("data.pkl refers to memo entry " + key + " at byte " + (in.position() - 1)
                        + ", which it never stored (file damaged)");
            }
            return o;
        }

        private boolean containerOp(int op) throws IOException {
            switch (op) {
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
                    dict(stack.element()).put(key(k), v);
                }
                case 'u' -> { // SETITEMS
                    List<Object> items = popMark();
                    Map<Object, Object> d = dict(stack.element());
                    for (int i = 0; i + 1 < items.size(); i += 2) {
                        d.put(key(items.get(i)), items.get(i + 1));
                    }
                }
                case 'a' -> { // APPEND
                    Object v = stack.pop();
                    list(stack.element()).add(v);
                }
                case 'e' -> { // APPENDS
                    List<Object> items = popMark();
                    list(stack.element()).addAll(items);
                }
                default -> {
                    return false;
                }
            }
            return true;
        }

        private boolean valueOp(int op) throws IOException {
            switch (op) {
                case 0x80 -> in.get(); // PROTO
                case 0x95 -> in.getLong(); // FRAME
                case 'c' -> stack.push(new Global(line(), line())); // GLOBAL
                case 0x93 -> { // STACK_GLOBAL
                    String name = (String) stack.pop();
                    stack.push(new Global((String) stack.pop(), name));
                }
                case 'N' -> stack.push(NONE);
                case 0x88 -> stack.push(Boolean.TRUE);
                case 0x89 -> stack.push(Boolean.FALSE);
                case 'J' -> stack.push((long) in.getInt()); // BININT
                case 'K' -> stack.push((long) (in.get() & 0xff)); // BININT1
                case 'M' -> stack.push((long) (in.getShort() & 0xffff)); // BININT2
                case 0x8a -> stack.push(long1(in.get() & 0xff)); // LONG1
                case 'G' -> stack.push(in.order(ByteOrder.BIG_ENDIAN).getDouble()); // BINFLOAT
                case 'X', 'T' -> stack.push(text(in.getInt())); // BINUNICODE, BINSTRING
                case 0x8c, 'U' -> stack.push(text(in.get() & 0xff)); // SHORT_BINUNICODE, SHORT_BINSTRING
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
                    Object target = stack.element();
                    if (target instanceof Obj o) {
                        o.state = state;
                    } else if (target instanceof Map<?, ?> && state instanceof Map<?, ?> s) {
                        dict(target).putAll(s);
                    }
                }
                default -> {
                    return false;
                }
            }
            return true;
        }

        private static Object key(Object k) throws IOException {
            if (k instanceof List<?> || k instanceof Map<?, ?>) {
                throw new IOException("data.pkl has a dict key that is a list or dict, which a torch archive does"
                        + " not");
            }
            return k;
        }

        private Object reduce(Global f, List<?> args) throws IOException {
            String fn = f.module() + "." + f.name();
            switch (fn) {
                case "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_tensor" -> {
                    if (args.size() < 4) {
                        throw new IOException("data.pkl rebuilds a tensor from " + args.size() + " arguments");
                    }
                    return new TensorRef((Storage) args.get(0), (Long) args.get(1), longs(args.get(2)),
                            longs(args.get(3)));
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
                throw new IOException("data.pkl refers to an unknown persistent object");
            }
            String type = t.get(1) instanceof Global g ? g.name() : (String) t.get(1);
            Object key = t.get(2);
            if (!(key instanceof String) && !(key instanceof Long)) {
                throw new IOException("data.pkl names a storage by neither a name nor a number");
            }
            return new Storage(type, key.toString());
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

        /** The target of APPEND(S): a list; a tuple (immutable here, as in Python) is refused. */
        @SuppressWarnings("unchecked")
        private static List<Object> list(Object o) throws IOException {
            if (!(o instanceof ArrayList<?>)) {
                throw new IOException("data.pkl appends to something that is not a list");
            }
            return (List<Object>) o;
        }

        /** Pops down to the last MARK; linear, so a long run of items costs no more than its length. */
        private List<Object> popMark() {
            List<Object> items = new ArrayList<>();
            for (Object o = stack.pop(); o != MARK; o = stack.pop()) {
                items.add(o);
            }
            Collections.reverse(items);
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

        private long long1(int n) throws IOException {
            if (n > 8) {
                throw new IOException("data.pkl has a " + n + "-byte integer near byte " + in.position());
            }
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
