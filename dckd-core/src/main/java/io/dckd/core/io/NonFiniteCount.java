package io.dckd.core.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * Counts the NaN and infinite elements of a tensor with native ops, without copying it to the Java
 * heap.
 *
 * <p>Why: one NaN weight turns every output pixel downstream of it into NaN, which image writers
 * clamp to black, and an infinite one does the same after the next multiplication by zero. A file
 * holding such weights is never what a user meant to load or to keep, so dckd counts them on every
 * weights read ({@code CheckpointReader}) and on every safetensors write ({@link SafeTensors#write}).
 *
 * <p>How: IEEE 754 makes {@code x - x} exactly zero for every finite {@code x} and NaN for NaN and
 * ±Inf, so {@code count_nonzero(isnan(x - x))} is the count in three native passes and two
 * temporaries, closed before returning. Integer and boolean tensors cannot hold such values.
 */
public final class NonFiniteCount {

    private NonFiniteCount() {}

    /** Number of NaN, +Inf and −Inf elements of {@code a}; 0 for integer and boolean tensors. */
    public static long of(NDArray a) {
        if (!a.getDataType().isFloating() || a.size() == 0) {
            return 0;
        }
        try (NDArray diff = a.sub(a); NDArray nan = diff.isNaN(); NDArray count = nan.countNonzero()) {
            return count.toType(DataType.INT64, false).getLong();
        }
    }
}
