package io.dckd.core.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Splits a training step's wall time into named segments ({@code student_forward}, {@code teacher},
 * {@code history}, {@code encoder}, {@code loss_backward}, {@code optimizer}, {@code ema}, ...):
 * each {@link #mark} charges the time since the previous mark to a segment. On the CPU the engine
 * runs ops eagerly, so segment times are real; on a GPU they are launch times unless something
 * synchronises.
 */
public final class StepProfile {

    private final Map<String, Long> nanos = new LinkedHashMap<>();
    private long last;

    /** Starts a step. */
    public void start() {
        last = System.nanoTime();
    }

    /** Charges the time since the last mark to {@code segment}. */
    public void mark(String segment) {
        long now = System.nanoTime();
        nanos.merge(segment, now - last, Long::sum);
        last = now;
    }

    /** Accumulated milliseconds per segment. */
    public Map<String, Double> millis() {
        Map<String, Double> m = new LinkedHashMap<>();
        nanos.forEach((k, v) -> m.put(k, v / 1e6));
        return m;
    }

    /** Clears the accumulated times. */
    public void reset() {
        nanos.clear();
    }
}
