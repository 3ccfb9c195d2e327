package io.dckd.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/**
 * Replaces the contents of an existing array (weights, optimiser state) in place, inside the memory
 * PyTorch already gave it.
 *
 * <p>Why not {@code NDArray.set(Buffer)}: DJL's PyTorch engine does that in native code under
 * libtorch's deprecated {@code AutoNonVariableTypeMode}, whose constructor prints a warning ("...
 * risk of producing silent wrong result ...") to the process's stderr, once, from C++, where no
 * Java logger can filter it; and it re-points the tensor at a Java direct buffer instead of copying
 * (the memory hazard {@link TorchOwned} describes). {@code a[...] = b} is one native copy: no
 * warning, no detour through a Java buffer, and the values are identical.
 */
public final class Overwrite {

    private static final NDIndex ALL = new NDIndex("...");

    private Overwrite() {}

    /** {@code dst[...] = src} ({@code src} of the same shape; its type is converted to {@code dst}'s). */
    public static void with(NDArray dst, NDArray src) {
        dst.set(ALL, src);
    }

    /** {@code dst[...] = values} for a float32 {@code dst}. */
    public static void with(NDArray dst, float[] values) {
        try (NDArray src = dst.getManager().create(values, dst.getShape())) {
            with(dst, src);
        }
    }
}
