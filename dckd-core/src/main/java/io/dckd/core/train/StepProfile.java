package io.dckd.core.train;

import io.dckd.core.bench.Rss;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Splits a training step's wall time into named segments ({@code student_forward}, {@code teacher},
 * {@code history}, {@code encoder}, {@code loss_backward}, {@code optimizer}, {@code ema}, ...):
 * each {@link #mark} charges the time since the previous mark to a segment. On the CPU the engine
 * runs ops eagerly, so segment times are real; on a GPU they are launch times unless something
 * synchronises.
 *
 * <p>{@link #withMemory()} also records, per segment, the peak resident memory the process reached
 * during it above the resident memory at the start of its step (the largest over the profiled
 * steps): where a step's memory goes, phase by phase. The peak ({@code VmHWM}) is reset at each
 * mark (Linux {@code /proc/self/clear_refs}); it is host memory, so on a GPU it is not the device's.
 */
public final class StepProfile {

    private final Map<String, Long> nanos = new LinkedHashMap<>();
    private final Map<String, Double> peakMib = new LinkedHashMap<>();
    private final boolean memory;
    private long last;
    private double stepBaseMib;

    /** Times only. */
    public StepProfile() {
        this(false);
    }

    private StepProfile(boolean memory) {
        this.memory = memory;
    }

    /** Times and per-segment peak resident memory; times only where the peak cannot be reset. */
    public static StepProfile withMemory() {
        return new StepProfile(Rss.resetPeak());
    }

    /** Starts a step. */
    public void start() {
        if (memory) {
            Rss.resetPeak();
            stepBaseMib = Rss.mib();
        }
        last = System.nanoTime();
    }

    /** Charges the time since the last mark to {@code segment}. */
    public void mark(String segment) {
        long now = System.nanoTime();
        nanos.merge(segment, now - last, Long::sum);
        if (memory) {
            peakMib.merge(segment, Rss.peakMib() - stepBaseMib, Math::max);
            Rss.resetPeak();
        }
        last = System.nanoTime(); // the memory reads are not charged to the next segment
    }

    /** Accumulated milliseconds per segment. */
    public Map<String, Double> millis() {
        Map<String, Double> m = new LinkedHashMap<>();
        nanos.forEach((k, v) -> m.put(k, v / 1e6));
        return m;
    }

    /**
     * Per segment, the largest peak resident memory (MiB) above its step's starting resident memory;
     * empty unless {@link #withMemory()}.
     */
    public Map<String, Double> peakMibAboveStepStart() {
        return new LinkedHashMap<>(peakMib);
    }

    /** Clears the accumulated times and peaks. */
    public void reset() {
        nanos.clear();
        peakMib.clear();
    }
}
