package io.dckd.losses;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Locale;

/** BasicSR's {@code reduction} for a scalar loss: {@code mean} or {@code sum} ({@code none} makes no scalar). */
public enum Reduction {
    /** Mean over all elements. */
    MEAN,
    /** Sum over all elements. */
    SUM;

    /** The config spellings. */
    public static final List<String> NAMES = List.of("mean", "sum");

    /** Reduces every element of {@code x} to a scalar. */
    public NDArray apply(NDArray x) {
        return this == MEAN ? x.mean() : x.sum();
    }

    /** The reduction for a config spelling ({@code mean} or {@code sum}). */
    public static Reduction of(String name) {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("reduction must be one of " + NAMES + ", got '" + name + "'");
        }
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** The config spelling. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
