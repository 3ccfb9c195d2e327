package io.dckd.core.distill;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Which samples of a batch get each label-consistency op (DUKD / official DCKD {@code noising}):
 * one independent selection per op, applied in the order {@link Op#values()}.
 */
public final class LcrOps {

    /** The invertible ops, in application order (official keys {@code i, h, v, t}). */
    public enum Op {
        /** Invert colours: x ← 1 − x (img_range 1). Official key {@code i}. */
        INVERT('i'),
        /** Flip along H (dim −2). Official key {@code h}. */
        FLIP_H('h'),
        /** Flip along W (dim −1). Official key {@code v}. */
        FLIP_W('v'),
        /** Transpose H ↔ W (needs H = W). Official key {@code t}. */
        TRANSPOSE('t');

        private final char code;

        Op(char code) {
            this.code = code;
        }

        /** The official one-letter key. */
        public char code() {
            return code;
        }

        /** The op for an official key. */
        public static Op of(char code) {
            for (Op op : values()) {
                if (op.code == code) {
                    return op;
                }
            }
            throw new IllegalArgumentException("no label-consistency op '" + code + "'; expected one of i, h, v, t");
        }
    }

    private final int batch;
    private final EnumMap<Op, boolean[]> selected;

    private LcrOps(int batch, EnumMap<Op, boolean[]> selected) {
        this.batch = batch;
        this.selected = selected;
    }

    /** Selections as per-sample flags, one array of length {@code batch} per op (missing ops: none). */
    public static LcrOps ofFlags(int batch, Map<Op, boolean[]> flags) {
        EnumMap<Op, boolean[]> m = new EnumMap<>(Op.class);
        for (Op op : Op.values()) {
            boolean[] f = flags.getOrDefault(op, new boolean[batch]);
            if (f.length != batch) {
                throw new IllegalArgumentException("op " + op + ": " + f.length + " flags for a batch of " + batch);
            }
            m.put(op, f.clone());
        }
        return new LcrOps(batch, m);
    }

    /** Selections as sample indices per op (the official {@code idx[op]}); missing ops: none. */
    public static LcrOps ofIndices(int batch, Map<Op, int[]> indices) {
        EnumMap<Op, boolean[]> flags = new EnumMap<>(Op.class);
        indices.forEach((op, idx) -> {
            boolean[] f = new boolean[batch];
            for (int b : idx) {
                if (b < 0 || b >= batch) {
                    throw new IllegalArgumentException("op " + op + ": sample index " + b + " outside batch of " + batch);
                }
                f[b] = true;
            }
            flags.put(op, f);
        });
        return ofFlags(batch, flags);
    }

    /** The batch size these selections are for. */
    public int batch() {
        return batch;
    }

    /** Per-sample flags of {@code op} (a copy). */
    public boolean[] flags(Op op) {
        return selected.get(op).clone();
    }

    /** True if sample {@code b} gets {@code op}. */
    public boolean isSelected(Op op, int b) {
        return selected.get(op)[b];
    }

    /** Number of samples that get {@code op}. */
    public int count(Op op) {
        int n = 0;
        for (boolean f : selected.get(op)) {
            n += f ? 1 : 0;
        }
        return n;
    }

    /** Sample indices that get {@code op}, ascending. */
    public int[] indices(Op op) {
        List<Integer> out = new ArrayList<>();
        boolean[] f = selected.get(op);
        for (int b = 0; b < f.length; b++) {
            if (f[b]) {
                out.add(b);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LcrOps other) || other.batch != batch) {
            return false;
        }
        for (Op op : Op.values()) {
            if (!Arrays.equals(selected.get(op), other.selected.get(op))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = batch;
        for (Op op : Op.values()) {
            h = 31 * h + Arrays.hashCode(selected.get(op));
        }
        return h;
    }

    /** E.g. {@code i=[0, 2] h=[1, 2] v=[3] t=[0, 3]}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Op op : Op.values()) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(op.code()).append('=').append(Arrays.toString(indices(op)));
        }
        return sb.toString();
    }
}
