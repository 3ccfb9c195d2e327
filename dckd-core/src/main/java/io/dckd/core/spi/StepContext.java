package io.dckd.core.spi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The tensors of one training iteration that loss terms read: one slot per {@link StepInput}, each
 * filled by the training step when some configured term declares it, checked for its type when set.
 * Everything belongs to the step's {@link #manager()} and is closed with it.
 */
public final class StepContext {

    private final NDManager manager;
    private final long iteration;
    private final Map<StepInput, Object> values = new EnumMap<>(StepInput.class);
    private final Map<StepInput, Supplier<?>> lazy = new EnumMap<>(StepInput.class);
    private Consumer<String> marker = segment -> { };

    /** An empty context of iteration {@code iteration}; the step sets x, y and what the terms read. */
    public StepContext(NDManager manager, long iteration) {
        this.manager = manager;
        this.iteration = iteration;
    }

    /** Routes {@link #mark} to a profiler (benchmarks); by default marks are ignored. */
    public StepContext withMarker(Consumer<String> marker) {
        this.marker = marker;
        return this;
    }

    /** Charges the time since the previous mark to {@code segment} (no-op unless profiling). */
    public void mark(String segment) {
        marker.accept(segment);
    }

    /** The step's manager: scratch arrays created by terms belong here. */
    public NDManager manager() {
        return manager;
    }

    /** 1-based iteration number. */
    public long iteration() {
        return iteration;
    }

    /** Fills {@code input}'s slot (by the training step). */
    public StepContext set(StepInput input, Object value) {
        if (!input.type().isInstance(value)) {
            throw new IllegalArgumentException(input + " holds a " + input.type().getSimpleName() + ", not "
                    + (value == null ? "null" : value.getClass().getSimpleName()));
        }
        values.put(input, value);
        return this;
    }

    /**
     * Fills {@code input}'s slot when a term first reads it (by the training step, for what is
     * computed from the student inside the gradient recording): the ops, and the order in which
     * autograd sums the gradient's parts, then follow the terms' order, as in the official code.
     */
    public StepContext setLazy(StepInput input, Supplier<?> value) {
        lazy.put(input, value);
        return this;
    }

    /** True if the step computed {@code input} (or will, when it is first read). */
    public boolean has(StepInput input) {
        return values.containsKey(input) || lazy.containsKey(input);
    }

    /** An image-valued input (x, y, S(x), T(x), ...); fails with what this step computed. */
    public NDArray tensor(StepInput input) {
        return get(input, NDArray.class);
    }

    /** A list-valued input (feature taps, negatives). */
    public NDList list(StepInput input) {
        return get(input, NDList.class);
    }

    /** An encoder output. */
    public DistributionMapper.Encoded encoded(StepInput input) {
        return get(input, DistributionMapper.Encoded.class);
    }

    /** x. */
    public NDArray lq() {
        return tensor(StepInput.LQ);
    }

    /** y. */
    public NDArray gt() {
        return tensor(StepInput.GT);
    }

    /** S(x). */
    public NDArray student() {
        return tensor(StepInput.STUDENT);
    }

    /** T(x). */
    public NDArray teacher() {
        return tensor(StepInput.TEACHER);
    }

    private <T> T get(StepInput input, Class<T> type) {
        Object v = values.get(input);
        if (v == null && lazy.containsKey(input)) {
            set(input, lazy.remove(input).get());
            v = values.get(input);
        }
        if (v == null) {
            throw new IllegalStateException("no " + input + " in this step (no configured term declares it); computed: " + values.keySet());
        }
        if (!type.isInstance(v)) {
            throw new IllegalStateException(input + " is a " + v.getClass().getSimpleName() + ", not " + type.getSimpleName());
        }
        return type.cast(v);
    }
}
