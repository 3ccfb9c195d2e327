package io.dckd.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import java.util.function.Supplier;

/**
 * Runs a forward pass in its own {@link NDScope} and keeps only its outputs: every intermediate
 * array is freed when the pass returns, as PyTorch frees activations once nothing refers to them,
 * instead of living until the end of the training step. Autograd keeps what backward needs on the
 * native side, so freeing the Java handles does not break gradients.
 *
 * <p>The body must not create arrays meant to outlive it (lazily created state, caches).
 */
public final class Scoped {

    private Scoped() {}

    /** Evaluates {@code body}; its outputs survive (in their managers), everything else it made is closed. */
    public static NDList keep(Supplier<NDList> body) {
        try (NDScope scope = new NDScope()) {
            NDList out = body.get();
            NDScope.unregister(out);
            return out;
        }
    }

    /** The single-output form of {@link #keep(Supplier)}. */
    public static NDArray keepOne(Supplier<NDArray> body) {
        try (NDScope scope = new NDScope()) {
            NDArray out = body.get();
            NDScope.unregister(out);
            return out;
        }
    }
}
