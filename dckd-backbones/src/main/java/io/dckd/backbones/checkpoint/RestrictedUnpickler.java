package io.dckd.backbones.checkpoint;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A pickle (protocol 2 to 5) interpreter that understands only what a tensor state dict needs,
 * the safe counterpart of {@code torch.load(weights_only=True)}.
 *
 * <p>It builds inert {@link Py} values: dicts and {@code OrderedDict}s, lists, tuples, sets,
 * strings, bytes, ints, floats, bools, None; persistent ids {@code ('storage', torch.XStorage,
 * key, location, numel)} become {@link StorageRef}s; {@code torch._utils._rebuild_tensor_v2(storage,
 * offset, size, stride, requires_grad, backward_hooks[, metadata])} and
 * {@code _rebuild_parameter(data, requires_grad, backward_hooks)} become {@link TensorRef}s. See
 * {@link PickleAllowlist} for the globals it accepts. A dangerous global ({@code os.system},
 * {@code builtins.eval}, {@code subprocess.Popen}, ...), the {@code INST}/{@code OBJ} opcodes,
 * extension codes, out-of-band buffers and any unknown opcode fail with an exception naming them.
 * Nothing is ever executed: even an accepted unknown class is only recorded as data.
 *
 * <p>Limits keep hostile input from exhausting memory or the Java stack: the input size, the
 * memo size, the value stack, MARK nesting, string and integer sizes; no value is allocated
 * larger than the bytes left in the input; truncated input fails cleanly.
 */
public final class RestrictedUnpickler {

    /** Most data.pkl bytes accepted (a state dict pickle of a billion-parameter model is a few MB). */
    public static final int MAX_PICKLE_BYTES = 256 << 20;
    static final int MAX_MEMO = 1 << 21;
    static final int MAX_STACK = 1 << 21;
    static final int MAX_MARK_DEPTH = 1000;
    static final int MAX_LONG_BYTES = 1024;
    static final int MAX_LINE = 512;

    private final byte[] data;
    private final String source;
    private final boolean opaqueGlobals;
    private int pos;
    private final List<Object> stack = new ArrayList<>();
    private int[] marks = new int[16];
    private int markDepth;
    private final Map<Long, Object> memo = new HashMap<>();

    /**
     * @param data the pickle bytes (at most {@link #MAX_PICKLE_BYTES})
     * @param source names the input in messages (e.g. {@code weights.pth:archive/data.pkl})
     * @param opaqueGlobals keep unknown, non-dangerous classes as inert values instead of failing
     */
    public RestrictedUnpickler(byte[] data, String source, boolean opaqueGlobals) {
        this.data = data;
        this.source = source;
        this.opaqueGlobals = opaqueGlobals;
    }

    /**
     * Interprets the pickle up to its STOP opcode.
     *
     * @return the unpickled value ({@link Py} containers, {@link TensorRef} leaves)
     * @throws UnsafePickleException for a global or opcode outside the allowlist
     * @throws CheckpointFormatException for malformed or truncated input or a limit exceeded
     */
    public Object load() throws CheckpointFormatException {
        if (data.length > MAX_PICKLE_BYTES) {
            throw error("pickle of " + data.length + " bytes is over the limit of " + MAX_PICKLE_BYTES);
        }
        while (true) {
            if (pos >= data.length) {
                throw error("pickle is truncated: no STOP opcode before the end of " + data.length + " bytes");
            }
            int at = pos;
            int op = data[pos++] & 0xff;
            switch (op) {
                case 0x80 -> { // PROTO
                    int proto = u1();
                    if (proto < 2 || proto > 5) {
                        throw error("pickle protocol " + proto + " is not supported (2 to 5 are)");
                    }
                }
                case 0x95 -> { // FRAME: a length hint only
                    long n = i8();
                    if (n < 0 || n > data.length - pos) {
                        throw error("FRAME of " + n + " bytes runs past the end of the pickle");
                    }
                }
                case '.' -> { // STOP
                    if (stack.size() != 1 || markDepth != 0) {
                        throw error("STOP with " + stack.size() + " values on the stack (expected exactly 1)");
                    }
                    return stack.get(0);
                }
                case '(' -> mark();
                case '0' -> pop();
                case '1' -> popMark();
                case '2' -> push(peek());
                case 'N' -> push(Py.NONE);
                case 0x88 -> push(Boolean.TRUE);
                case 0x89 -> push(Boolean.FALSE);
                case 'J' -> push((long) ByteBuffer.wrap(take(4)).order(ByteOrder.LITTLE_ENDIAN).getInt());
                case 'K' -> push((long) u1());
                case 'M' -> push((long) (u1() | (u1() << 8)));
                case 0x8a -> push(longN(u1()));
                case 0x8b -> push(longN(u4()));
                case 'G' -> push(ByteBuffer.wrap(take(8)).order(ByteOrder.BIG_ENDIAN).getDouble());
                case 0x8c -> push(utf8(take(u1())));
                case 'X' -> push(utf8(take(u4())));
                case 0x8d -> push(utf8(take(i8())));
                case 'U' -> push(latin1(take(u1())));
                case 'T' -> push(latin1(take(signedLength(ByteBuffer.wrap(take(4)).order(ByteOrder.LITTLE_ENDIAN).getInt()))));
                case 'C' -> push(new Py.Bytes(take(u1())));
                case 'B' -> push(new Py.Bytes(take(u4())));
                case 0x8e, 0x96 -> push(new Py.Bytes(take(i8())));
                case ')' -> push(new Py.Tuple(List.of()));
                case 't' -> push(new Py.Tuple(popToMark()));
                case 0x85 -> push(new Py.Tuple(List.of(pop())));
                case 0x86 -> {
                    Object b = pop();
                    Object a = pop();
                    push(new Py.Tuple(List.of(a, b)));
                }
                case 0x87 -> {
                    Object c = pop();
                    Object b = pop();
                    Object a = pop();
                    push(new Py.Tuple(List.of(a, b, c)));
                }
                case ']' -> push(new Py.PyList());
                case 'l' -> {
                    Py.PyList l = new Py.PyList();
                    l.items.addAll(popToMark());
                    push(l);
                }
                case 'a' -> {
                    Object v = pop();
                    append(peek(), List.of(v));
                }
                case 'e' -> {
                    List<Object> items = popToMark();
                    append(peek(), items);
                }
                case '}' -> push(new Py.Dict("dict"));
                case 'd' -> {
                    Py.Dict d = new Py.Dict("dict");
                    setItems(d, popToMark());
                    push(d);
                }
                case 's' -> {
                    Object v = pop();
                    Object k = pop();
                    setItems(peek(), List.of(k, v));
                }
                case 'u' -> {
                    List<Object> kv = popToMark();
                    setItems(peek(), kv);
                }
                case 0x8f -> push(new Py.PySet());
                case 0x90 -> {
                    List<Object> items = popToMark();
                    if (!(peek() instanceof Py.PySet set)) {
                        throw error("ADDITEMS on a " + Py.typeName(peek()));
                    }
                    addToSet(set, items);
                }
                case 0x91 -> {
                    Py.PySet set = new Py.PySet();
                    addToSet(set, popToMark());
                    push(set);
                }
                case 'q' -> memoPut(u1());
                case 'r' -> memoPut(u4());
                case 0x94 -> memoPut(memo.size());
                case 'h' -> memoGet(u1());
                case 'j' -> memoGet(u4());
                case 'c' -> push(global(line(), line()));
                case 0x93 -> {
                    Object name = pop();
                    Object module = pop();
                    if (!(module instanceof String m) || !(name instanceof String n)) {
                        throw error("STACK_GLOBAL needs two strings, found " + Py.typeName(module) + " and " + Py.typeName(name));
                    }
                    push(global(m, n));
                }
                case 'R' -> {
                    Object args = pop();
                    Object callable = pop();
                    push(reduce(callable, args, "REDUCE"));
                }
                case 0x81 -> { // NEWOBJ: cls.__new__(cls, *args)
                    Object args = pop();
                    Object cls = pop();
                    push(newObject(cls, args, "NEWOBJ"));
                }
                case 0x92 -> { // NEWOBJ_EX
                    Object kwargs = pop();
                    Object args = pop();
                    Object cls = pop();
                    if (kwargs instanceof Py.Dict d && !d.items.isEmpty()) {
                        throw error("NEWOBJ_EX with keyword arguments is not supported");
                    }
                    push(newObject(cls, args, "NEWOBJ_EX"));
                }
                case 'b' -> build(pop(), peek());
                case 'Q' -> push(persistentLoad(pop()));
                case 'i', 'o' -> throw new UnsafePickleException(where(at) + "opcode " + (op == 'i' ? "INST" : "OBJ")
                        + " (protocol 0/1 object construction) is not allowed in a weights file: re-save it with torch.save(state_dict)");
                case 'P' -> throw new UnsafePickleException(where(at) + "opcode PERSID (text persistent id) is not allowed");
                case 0x82, 0x83, 0x84 -> throw new UnsafePickleException(where(at) + "extension-registry opcode EXT"
                        + (op == 0x82 ? 1 : op == 0x83 ? 2 : 4) + " is not allowed");
                case 0x97, 0x98 -> throw new UnsafePickleException(where(at) + "out-of-band buffer opcode "
                        + (op == 0x97 ? "NEXT_BUFFER" : "READONLY_BUFFER") + " is not allowed");
                case 'I', 'L', 'F', 'S', 'V', 'p', 'g' -> throw error("protocol-0 text opcode '" + (char) op
                        + "' at byte " + at + " is not supported: the pickle must use protocol 2 or later (torch.save does)");
                default -> throw error("unknown pickle opcode 0x" + String.format("%02x", op) + " at byte " + at);
            }
        }
    }

    // ---- opcode helpers ------------------------------------------------------------------

    private Py.Global global(String module, String name) throws CheckpointFormatException {
        Py.Global g = new Py.Global(module, name);
        if (PickleAllowlist.denied(g)) {
            throw new UnsafePickleException(source + ": the pickle references the global " + g
                    + ", which can run code or touch the system; refusing to load this file (nothing was executed)");
        }
        if (!PickleAllowlist.allowed(g) && !opaqueGlobals) {
            throw new UnsafePickleException(source + ": the pickle references the global " + g
                    + ", which is not on the allowlist of a weights file (opaque_globals = false)");
        }
        return g;
    }

    private Object reduce(Object callable, Object args, String op) throws CheckpointFormatException {
        if (!(callable instanceof Py.Global g)) {
            throw error(op + " on a " + Py.typeName(callable) + ", which is not callable");
        }
        if (!(args instanceof Py.Tuple t)) {
            throw error(op + " of " + g + " with " + Py.typeName(args) + " arguments (expected a tuple)");
        }
        List<Object> a = t.items();
        switch (g.toString()) {
            case "collections.OrderedDict", "builtins.dict" -> {
                Py.Dict d = new Py.Dict(g.toString().equals("builtins.dict") ? "dict" : "OrderedDict");
                if (a.size() == 1 && a.get(0) instanceof Py.PyList pairs) {
                    for (Object p : pairs.items) {
                        if (!(p instanceof Py.Tuple kv) || kv.items().size() != 2) {
                            throw error(g + " built from a list whose items are not (key, value) pairs");
                        }
                        setItems(d, kv.items());
                    }
                } else if (!a.isEmpty()) {
                    throw error(g + " with unsupported arguments");
                }
                return d;
            }
            case "builtins.list", "builtins.tuple", "builtins.set", "builtins.frozenset", "__builtin__.set",
                    "__builtin__.frozenset" -> {
                List<Object> items = a.isEmpty() ? List.of() : iterable(a.get(0), g);
                if (a.size() > 1) {
                    throw error(g + " with " + a.size() + " arguments");
                }
                if (g.name().equals("list")) {
                    Py.PyList l = new Py.PyList();
                    l.items.addAll(items);
                    return l;
                }
                if (g.name().equals("tuple")) {
                    return new Py.Tuple(items);
                }
                Py.PySet s = new Py.PySet();
                addToSet(s, items);
                return s;
            }
            case "_codecs.encode" -> {
                if (a.size() != 2 || !(a.get(0) instanceof String s) || !(a.get(1) instanceof String enc)
                        || !(enc.equals("latin1") || enc.equals("latin-1"))) {
                    throw error("_codecs.encode is only accepted as encode(str, 'latin1')");
                }
                byte[] out = new byte[s.length()];
                for (int i = 0; i < s.length(); i++) {
                    if (s.charAt(i) > 0xff) {
                        throw error("_codecs.encode: character outside latin-1");
                    }
                    out[i] = (byte) s.charAt(i);
                }
                return new Py.Bytes(out);
            }
            case "torch._utils._rebuild_tensor_v2" -> {
                if (a.size() != 6 && a.size() != 7) {
                    throw error("_rebuild_tensor_v2 takes 6 or 7 arguments, found " + a.size());
                }
                return rebuildTensor(a);
            }
            case "torch._utils._rebuild_tensor" -> {
                if (a.size() != 4) {
                    throw error("_rebuild_tensor takes 4 arguments, found " + a.size());
                }
                return rebuildTensor(a);
            }
            case "torch._utils._rebuild_parameter", "torch._utils._rebuild_parameter_with_state" -> {
                if (a.size() < 3 || a.size() > 4 || !(a.get(0) instanceof TensorRef tensor)) {
                    throw error(g + " expects (tensor, requires_grad, backward_hooks[, state])");
                }
                return tensor;
            }
            case "torch._tensor._rebuild_from_type_v2" -> {
                if (a.size() != 4 || !(a.get(1) instanceof Py.Global type) || !PickleAllowlist.MARKERS.contains(type.toString())
                        || !(a.get(2) instanceof Py.Tuple inner)) {
                    throw error("_rebuild_from_type_v2 is only accepted for torch.Tensor and torch.nn.parameter.Parameter");
                }
                return reduce(a.get(0), inner, op);
            }
            default -> {
                if (PickleAllowlist.allowed(g)) {
                    throw error(op + " on " + g + ", which is a type marker, not a callable");
                }
                return new Py.Opaque(g, args);
            }
        }
    }

    private Object newObject(Object cls, Object args, String op) throws CheckpointFormatException {
        if (!(cls instanceof Py.Global g)) {
            throw error(op + " on a " + Py.typeName(cls) + ", which is not a class");
        }
        if (!(args instanceof Py.Tuple)) {
            throw error(op + " of " + g + " with " + Py.typeName(args) + " arguments (expected a tuple)");
        }
        switch (g.toString()) {
            case "collections.OrderedDict", "builtins.dict", "builtins.list", "builtins.set", "builtins.frozenset",
                    "builtins.tuple" -> {
                return reduce(g, args, op);
            }
            default -> {
                if (PickleAllowlist.allowed(g)) {
                    throw error(op + " on " + g + " is not supported");
                }
                return new Py.Opaque(g, args);
            }
        }
    }

    private void build(Object state, Object target) throws CheckpointFormatException {
        if (target instanceof Py.Dict d) {
            d.attributes = state;
        } else if (target instanceof Py.Opaque o) {
            o.state = state;
        } else {
            throw error("BUILD on a " + Py.typeName(target) + " is not supported");
        }
    }

    private TensorRef rebuildTensor(List<Object> a) throws CheckpointFormatException {
        if (!(a.get(0) instanceof StorageRef storage)) {
            throw error("a tensor's storage must come from a persistent id, found " + Py.typeName(a.get(0)));
        }
        if (!(a.get(1) instanceof Long offset) || offset < 0) {
            throw error("a tensor's storage offset must be a non-negative int");
        }
        long[] size = ints(a.get(2), "size");
        long[] stride = ints(a.get(3), "stride");
        if (size.length != stride.length) {
            throw error("a tensor's size has " + size.length + " dimensions but its stride " + stride.length);
        }
        return new TensorRef(storage, offset, size, stride);
    }

    private long[] ints(Object v, String what) throws CheckpointFormatException {
        if (!(v instanceof Py.Tuple t) || t.items().size() > 64) {
            throw error("a tensor's " + what + " must be a tuple of at most 64 ints, found " + Py.typeName(v));
        }
        long[] out = new long[t.items().size()];
        for (int i = 0; i < out.length; i++) {
            if (!(t.items().get(i) instanceof Long l) || l < 0) {
                throw error("a tensor's " + what + " must hold non-negative ints");
            }
            out[i] = l;
        }
        return out;
    }

    private Object persistentLoad(Object pid) throws CheckpointFormatException {
        if (!(pid instanceof Py.Tuple t) || t.items().size() != 5 || !"storage".equals(t.items().get(0))) {
            throw error("persistent id must be ('storage', type, key, location, numel), found " + Py.typeName(pid));
        }
        List<Object> a = t.items();
        if (!(a.get(1) instanceof Py.Global type)) {
            throw error("persistent id storage type must be a global, found " + Py.typeName(a.get(1)));
        }
        TensorDType dtype = TensorDType.fromStorageClass(type.module(), type.name());
        if (dtype == null) {
            throw new UnsafePickleException(source + ": storage type " + type + " is not supported (float32/16, bfloat16, float64,"
                    + " int64/32, int8, uint8, bool storages are)");
        }
        if (!(a.get(2) instanceof String key) || !(a.get(3) instanceof String location) || !(a.get(4) instanceof Long numel) || numel < 0) {
            throw error("persistent id for " + type + " must hold a str key, a str location and a non-negative int numel");
        }
        if (numel > (Long.MAX_VALUE / 8)) {
            throw error("storage " + key + " declares " + numel + " elements");
        }
        return new StorageRef(dtype, key, location, numel);
    }

    private List<Object> iterable(Object v, Py.Global g) throws CheckpointFormatException {
        if (v instanceof Py.PyList l) {
            return l.items;
        }
        if (v instanceof Py.Tuple t) {
            return t.items();
        }
        if (v instanceof Py.PySet s) {
            return new ArrayList<>(s.items);
        }
        throw error(g + " of a " + Py.typeName(v) + " is not supported");
    }

    private void append(Object target, List<Object> items) throws CheckpointFormatException {
        if (target instanceof Py.PyList l) {
            l.items.addAll(items);
        } else if (target instanceof Py.Opaque o) {
            o.listItems.addAll(items);
        } else {
            throw error("APPEND to a " + Py.typeName(target));
        }
    }

    private void setItems(Object target, List<Object> kv) throws CheckpointFormatException {
        if (kv.size() % 2 != 0) {
            throw error("SETITEMS with an odd number of values");
        }
        Map<Object, Object> map;
        if (target instanceof Py.Dict d) {
            map = d.items;
        } else if (target instanceof Py.Opaque o) {
            map = o.dictItems;
        } else {
            throw error("SETITEM on a " + Py.typeName(target));
        }
        for (int i = 0; i < kv.size(); i += 2) {
            Object k = kv.get(i);
            if (!Py.hashable(k)) {
                throw error("dict key of unsupported type " + Py.typeName(k));
            }
            map.put(k, kv.get(i + 1));
        }
    }

    private void addToSet(Py.PySet set, List<Object> items) throws CheckpointFormatException {
        for (Object o : items) {
            if (!Py.hashable(o)) {
                throw error("set member of unsupported type " + Py.typeName(o));
            }
            set.items.add(o);
        }
    }

    private void memoPut(long index) throws CheckpointFormatException {
        if (memo.size() >= MAX_MEMO && !memo.containsKey(index)) {
            throw error("memo holds more than " + MAX_MEMO + " entries");
        }
        memo.put(index, peek());
    }

    private void memoGet(long index) throws CheckpointFormatException {
        Object v = memo.get(index);
        if (v == null) {
            throw error("memo entry " + index + " is read before it is written");
        }
        push(v);
    }

    // ---- stack ---------------------------------------------------------------------------

    private void push(Object v) throws CheckpointFormatException {
        if (stack.size() >= MAX_STACK) {
            throw error("value stack deeper than " + MAX_STACK);
        }
        stack.add(v);
    }

    private Object pop() throws CheckpointFormatException {
        int floor = markDepth == 0 ? 0 : marks[markDepth - 1];
        if (stack.size() <= floor) {
            throw error("stack underflow at byte " + (pos - 1));
        }
        return stack.remove(stack.size() - 1);
    }

    private Object peek() throws CheckpointFormatException {
        int floor = markDepth == 0 ? 0 : marks[markDepth - 1];
        if (stack.size() <= floor) {
            throw error("stack underflow at byte " + (pos - 1));
        }
        return stack.get(stack.size() - 1);
    }

    private void mark() throws CheckpointFormatException {
        if (markDepth >= MAX_MARK_DEPTH) {
            throw error("nesting deeper than " + MAX_MARK_DEPTH + " MARKs");
        }
        if (markDepth == marks.length) {
            marks = Arrays.copyOf(marks, marks.length * 2);
        }
        marks[markDepth++] = stack.size();
    }

    private List<Object> popToMark() throws CheckpointFormatException {
        if (markDepth == 0) {
            throw error("no MARK on the stack at byte " + (pos - 1));
        }
        int m = marks[--markDepth];
        List<Object> tail = stack.subList(m, stack.size());
        List<Object> items = new ArrayList<>(tail);
        tail.clear();
        return items;
    }

    private void popMark() throws CheckpointFormatException {
        popToMark();
    }

    // ---- reading -------------------------------------------------------------------------

    private int u1() throws CheckpointFormatException {
        need(1);
        return data[pos++] & 0xff;
    }

    private long u4() throws CheckpointFormatException {
        return ByteBuffer.wrap(take(4)).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
    }

    private long i8() throws CheckpointFormatException {
        return ByteBuffer.wrap(take(8)).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    private long signedLength(int n) throws CheckpointFormatException {
        if (n < 0) {
            throw error("negative string length " + n);
        }
        return n;
    }

    private byte[] take(long n) throws CheckpointFormatException {
        if (n < 0 || n > data.length - pos) {
            throw error("pickle is truncated: an item of " + Long.toUnsignedString(n) + " bytes at byte " + pos
                    + " runs past the end (" + data.length + " bytes)");
        }
        byte[] out = Arrays.copyOfRange(data, pos, pos + (int) n);
        pos += (int) n;
        return out;
    }

    private void need(int n) throws CheckpointFormatException {
        if (n > data.length - pos) {
            throw error("pickle is truncated at byte " + pos);
        }
    }

    private Object longN(long n) throws CheckpointFormatException {
        if (n > MAX_LONG_BYTES) {
            throw error("integer of " + n + " bytes is over the limit of " + MAX_LONG_BYTES);
        }
        byte[] le = take(n);
        if (le.length == 0) {
            return 0L;
        }
        byte[] be = new byte[le.length];
        for (int i = 0; i < le.length; i++) {
            be[i] = le[le.length - 1 - i];
        }
        BigInteger v = new BigInteger(be);
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private String line() throws CheckpointFormatException {
        int start = pos;
        while (true) {
            need(1);
            if (data[pos] == '\n') {
                String s = new String(data, start, pos - start, StandardCharsets.US_ASCII);
                pos++;
                return s;
            }
            if (pos - start >= MAX_LINE || data[pos] < 0x20) {
                throw error("GLOBAL name at byte " + start + " is not a short printable line");
            }
            pos++;
        }
    }

    private String utf8(byte[] b) throws CheckpointFormatException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw error("string before byte " + pos + " is not valid UTF-8");
        }
    }

    private static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private String where(int at) {
        return source + ": byte " + at + ": ";
    }

    private CheckpointFormatException error(String what) {
        return new CheckpointFormatException("malformed pickle in " + source + ": " + what);
    }
}
