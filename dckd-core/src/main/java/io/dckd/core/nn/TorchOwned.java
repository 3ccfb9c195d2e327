package io.dckd.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.function.Supplier;

/**
 * Arrays made from Java data (masks, index tensors, per-channel constants, noise) whose memory
 * belongs to PyTorch. Use these instead of {@link NDManager#create} for anything built during a
 * forward pass or a loss.
 *
 * <p>Why: on the CPU, DJL's {@code create(float[]/long[]/boolean[]/Buffer, shape)} wraps a Java direct
 * buffer with {@code torch::from_blob}; only the Java array object keeps that buffer alive, and
 * PyTorch does not know it. Autograd keeps whatever a backward pass needs by reference count (the
 * index of {@code take}/{@code gather}, the condition of {@code where}, the operands of
 * {@code mul}/{@code div}/{@code clamp}), but that does not keep a Java buffer alive: once the array
 * is closed (an {@code NDScope} around a forward pass closes everything it made) the garbage collector
 * frees the buffer, the memory is reused, and the backward pass reads garbage. An index read that way
 * writes the gradient to a random address (a native crash); a float constant silently corrupts the
 * gradient. Here the data is copied once into a tensor that PyTorch allocated, which autograd then
 * keeps alive like any other; the values are identical, so results do not change.
 */
public final class TorchOwned {

    private TorchOwned() {}

    /** {@code data} as a float32 array of {@code shape} in {@code manager}, in PyTorch's memory. */
    public static NDArray floats(NDManager manager, float[] data, Shape shape) {
        return copied(() -> manager.create(data, shape));
    }

    /** {@code data} as an int64 array of {@code shape} in {@code manager}, in PyTorch's memory. */
    public static NDArray longs(NDManager manager, long[] data, Shape shape) {
        return copied(() -> manager.create(data, shape));
    }

    /** {@code data} as a boolean array of {@code shape} in {@code manager}, in PyTorch's memory. */
    public static NDArray booleans(NDManager manager, boolean[] data, Shape shape) {
        return copied(() -> manager.create(data, shape));
    }

    /** Clones the Java-backed array {@code javaBacked} makes into PyTorch's memory and closes it at once. */
    private static NDArray copied(Supplier<NDArray> javaBacked) {
        try (NDArray blob = javaBacked.get()) {
            return blob.duplicate();
        }
    }
}
