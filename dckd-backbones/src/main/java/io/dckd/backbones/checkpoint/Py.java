package io.dckd.backbones.checkpoint;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The inert values {@link RestrictedUnpickler} builds: Python containers, globals as names, and
 * opaque objects of classes outside the allowlist. No value ever refers to Java behaviour, and
 * {@code toString} never walks a container (pickles can build cycles and million-deep nests).
 * Strings are {@code String}, ints {@code Long} or {@code BigInteger}, floats {@code Double},
 * bools {@code Boolean}, {@code None} is {@link #NONE}.
 */
final class Py {

    private Py() {}

    /** Python's None. */
    static final Object NONE = new Object() {
        @Override
        public String toString() {
            return "None";
        }
    };

    /** A name from a GLOBAL/STACK_GLOBAL opcode: never resolved into behaviour. */
    record Global(String module, String name) {
        @Override
        public String toString() {
            return module + "." + name;
        }
    }

    /** An immutable tuple (a null item is stored as {@link #NONE}); equal by its items. */
    record Tuple(List<Object> items) {
        Tuple {
            items = List.copyOf(items.stream().map(o -> o == null ? NONE : o).toList());
        }

        @Override
        public String toString() {
            return "tuple(len " + items.size() + ")";
        }
    }

    /** A list. */
    static final class PyList {
        final List<Object> items = new ArrayList<>();

        @Override
        public String toString() {
            return "list(len " + items.size() + ")";
        }
    }

    /** A set or frozenset of hashable scalars. */
    static final class PySet {
        final LinkedHashSet<Object> items = new LinkedHashSet<>();

        @Override
        public String toString() {
            return "set(len " + items.size() + ")";
        }
    }

    /** A dict or {@code collections.OrderedDict}; {@code attributes} holds BUILD state (e.g. {@code _metadata}). */
    static final class Dict {
        final String type;
        final LinkedHashMap<Object, Object> items = new LinkedHashMap<>();
        Object attributes = NONE;

        Dict(String type) {
            this.type = type;
        }

        @Override
        public String toString() {
            return type + "(len " + items.size() + ")";
        }
    }

    /** Bytes (compared by content, so they can be dict keys). */
    static final class Bytes {
        final byte[] value;

        Bytes(byte[] value) {
            this.value = value;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bytes b && Arrays.equals(b.value, value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "bytes(len " + value.length + ")";
        }
    }

    /**
     * An instance of a class outside the allowlist, kept as data: its class name, constructor
     * arguments, BUILD state and any items appended or set on it. Never a tensor.
     */
    static final class Opaque {
        final Global type;
        final Object args;
        Object state = NONE;
        final List<Object> listItems = new ArrayList<>();
        final LinkedHashMap<Object, Object> dictItems = new LinkedHashMap<>();

        Opaque(Global type, Object args) {
            this.type = type;
            this.args = args;
        }

        @Override
        public String toString() {
            return "opaque " + type + " object";
        }
    }

    /** A short description of a value's type for messages (never its contents). */
    static String typeName(Object o) {
        if (o == null || o == NONE) {
            return "None";
        }
        if (o instanceof String) {
            return "str";
        }
        if (o instanceof Long || o instanceof BigInteger) {
            return "int";
        }
        if (o instanceof Double) {
            return "float";
        }
        if (o instanceof Boolean) {
            return "bool";
        }
        if (o instanceof Global g) {
            return "global " + g;
        }
        if (o instanceof TensorRef) {
            return "tensor";
        }
        if (o instanceof StorageRef) {
            return "storage";
        }
        if (o instanceof Opaque op) {
            return "object of class " + op.type;
        }
        if (o instanceof Dict d) {
            return d.type;
        }
        if (o instanceof Tuple) {
            return "tuple";
        }
        if (o instanceof PyList) {
            return "list";
        }
        if (o instanceof PySet) {
            return "set";
        }
        if (o instanceof Bytes) {
            return "bytes";
        }
        return o.getClass().getSimpleName();
    }

    /** Whether {@code o} may be a dict key or set member: scalars, globals, and tuples of those. */
    static boolean hashable(Object o) {
        if (o instanceof Tuple t) {
            return t.items().stream().allMatch(i -> !(i instanceof Tuple) && hashable(i));
        }
        return o instanceof String || o instanceof Long || o instanceof BigInteger || o instanceof Double
                || o instanceof Boolean || o == NONE || o instanceof Bytes || o instanceof Global;
    }

    /** Builds an ordered map view helper for messages: the first keys of a dict. */
    static String keysPreview(Map<Object, Object> items) {
        StringBuilder sb = new StringBuilder("[");
        int i = 0;
        for (Object k : items.keySet()) {
            if (i++ == 12) {
                sb.append(", ... (").append(items.size() - 12).append(" more)");
                break;
            }
            sb.append(i > 1 ? ", " : "").append(k instanceof String s ? "'" + s + "'" : typeName(k));
        }
        return sb.append(']').toString();
    }
}
