package io.dckd.losses.internal;

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

    /** Reads {@code reduction} from a section. */
    public static Reduction from(TermConfig c) {
        return valueOf(c.oneOf("reduction", NAMES).toUpperCase(Locale.ROOT));
    }

    /** The config spelling. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
