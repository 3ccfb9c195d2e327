package io.dckd.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import io.dckd.core.nn.AtenOps;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks many named tensors at once for non-finite values and for magnitudes past a limit: one
 * fused native reduction ({@code max |x|} over every tensor, NaN-propagating) on the fast path, and
 * a tensor-by-tensor search only when something is wrong, to name the offender.
 *
 * <p>Why a magnitude limit and not only NaN/Inf: a learning rate of 1e10 leaves every weight finite
 * but around 1e10 after one step, and a loss weight of 1e30 gives finite gradients whose squares
 * overflow Adam's second moment, which then freezes the network without a single NaN.
 */
public final class StateGuard {

    private StateGuard() {}

    /**
     * Null when every tensor is finite with {@code |x| <= limit}; else a sentence naming the first
     * non-finite tensor, or the tensor with the largest magnitude, its value and {@code what}.
     *
     * @param named tensors by name (floating point)
     * @param limit the largest allowed magnitude ({@code Double.POSITIVE_INFINITY}: finiteness only)
     * @param what  the kind of tensor and the limit's source, for the message (e.g. "weight")
     */
    public static String check(Map<String, NDArray> named, double limit, String what) {
        if (named.isEmpty()) {
            return null;
        }
        List<NDArray> all = new ArrayList<>(named.values());
        double max = maxAbs(all);
        if (Double.isFinite(max) && max <= limit) {
            return null;
        }
        String worst = null;
        double worstValue = -1;
        for (Map.Entry<String, NDArray> e : named.entrySet()) {
            double m = maxAbs(List.of(e.getValue()));
            if (!Double.isFinite(m)) {
                return String.format(Locale.ROOT, "non-finite %s %s (%s)", what, e.getKey(), Double.isNaN(m) ? "NaN" : "Inf");
            }
            if (m > worstValue) {
                worstValue = m;
                worst = e.getKey();
            }
        }
        return String.format(Locale.ROOT, "%s %s has max |value| %.3g, past the limit %.3g", what, worst, worstValue, limit);
    }

    /** The largest magnitude over all tensors: NaN if any value is NaN, +Inf if any is infinite. */
    public static double maxAbs(List<NDArray> tensors) {
        if (AtenOps.available()) {
            return AtenOps.maxAbs(tensors);
        }
        double max = 0;
        try (NDScope scope = new NDScope()) {
            for (NDArray t : tensors) {
                if (t.isEmpty()) {
                    continue;
                }
                if (t.isNaN().any().getBoolean()) {
                    return Double.NaN;
                }
                max = Math.max(max, t.abs().max().getFloat());
            }
        }
        return max;
    }
}
