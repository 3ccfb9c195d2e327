package io.dckd.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.function.Supplier;

/**
 * Runs a loss computation in an {@link NDScope} so that its intermediates are freed at once; only
 * the result survives, attached to {@code owner} (the step's manager). The inputs are left where
 * they are (scopes nest, unlike temporary attachment). Autograd keeps what backward needs on the
 * native side, so freeing the Java handles of intermediates does not break the gradient.
 *
 * <p>The body must only do tensor math on arrays that already exist: anything lazily created inside
 * (a teacher forward, optimizer state) would be closed with the scope.
 */
public final class Scratch {

    private Scratch() {}

    /** Evaluates {@code body}, keeps its result in {@code owner} and closes every other array it created. */
    public static NDArray compute(NDManager owner, Supplier<NDArray> body) {
        try (NDScope scope = new NDScope()) {
            NDArray result = body.get();
            NDScope.unregister(result);
            result.attach(owner);
            return result;
        }
    }
}
