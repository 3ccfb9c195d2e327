package io.dckd.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Runs a forward pass in its own {@link NDScope} and keeps only its outputs: every intermediate
 * array is freed when the pass returns, as PyTorch frees activations once nothing refers to them,
 * instead of living until the end of the training step. Autograd keeps what backward needs on the
 * native side, so freeing the Java handles does not break gradients.
 *
 * <p>Inside a pass, {@link #link} does the same per block of a chain (a sequential body, a stack of
 * transformer blocks), so an inference pass holds one block's arrays at a time instead of every
 * block's: PyTorch's peak, not the sum over the network.
 *
 * <p>The body must not create arrays meant to outlive it (lazily created state, caches).
 */
public final class Scoped {

    /** The manager whose live bytes {@link #peakLiveBytes} samples, on this thread; null when not probing. */
    private static final ThreadLocal<Probe> PROBE = new ThreadLocal<>();

    private Scoped() {}

    /** Evaluates {@code body}; its outputs survive (in their managers), everything else it made is closed. */
    public static NDList keep(Supplier<NDList> body) {
        try (NDScope scope = new NDScope()) {
            NDList out = body.get();
            sample();
            NDScope.unregister(out);
            return out;
        }
    }

    /** The single-output form of {@link #keep(Supplier)}. */
    public static NDArray keepOne(Supplier<NDArray> body) {
        try (NDScope scope = new NDScope()) {
            NDArray out = body.get();
            sample();
            NDScope.unregister(out);
            return out;
        }
    }

    /**
     * One block of a chain: evaluates {@code body} as {@link #keep} does, then closes
     * {@code previous} (the chain's last intermediate output, which only this block read; null for
     * the chain's own input, which belongs to the caller), except arrays the block passed through.
     * The outputs join the enclosing scope, so the scope of the whole pass still frees them.
     */
    public static NDList link(NDList previous, Supplier<NDList> body) {
        NDList out = keep(body);
        if (previous != null) {
            Set<NDArray> kept = Collections.newSetFromMap(new IdentityHashMap<>());
            kept.addAll(out);
            for (NDArray a : previous) {
                if (!kept.contains(a)) {
                    a.close();
                }
            }
        }
        for (NDArray a : out) {
            NDScope.register(a);
        }
        return out;
    }

    /** The single-array form of {@link #link(NDList, Supplier)}. */
    public static NDArray linkOne(NDArray previous, Supplier<NDArray> body) {
        return link(previous == null ? null : new NDList(previous), () -> new NDList(body.get())).head();
    }

    /**
     * The largest number of bytes alive in {@code manager} (and its sub-managers) at the end of any
     * scoped block of {@code pass}, or at the end of the pass: with blocks freeing their arrays as
     * they go, the pass's peak of array memory. For memory estimates only (it walks every array at
     * each block).
     */
    public static long peakLiveBytes(NDManager manager, Runnable pass) {
        Probe previous = PROBE.get();
        Probe probe = new Probe(manager);
        PROBE.set(probe);
        try {
            pass.run();
            probe.sample();
            return probe.peak;
        } finally {
            PROBE.set(previous);
        }
    }

    private static void sample() {
        Probe p = PROBE.get();
        if (p != null) {
            p.sample();
        }
    }

    private static final class Probe {
        private final NDManager manager;
        private long peak;

        Probe(NDManager manager) {
            this.manager = manager;
        }

        void sample() {
            long bytes = 0;
            for (NDArray a : manager.getManagedArrays()) {
                if (!a.isReleased()) {
                    bytes += a.getShape().size() * a.getDataType().getNumOfBytes();
                }
            }
            peak = Math.max(peak, bytes);
        }
    }
}
