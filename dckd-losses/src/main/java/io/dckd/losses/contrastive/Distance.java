package io.dckd.losses.contrastive;

import ai.djl.ndarray.NDArray;

/** The contrastive term's {@code d_func}: mean element-wise distance between two feature tensors. */
public enum Distance {
    /** Official {@code d_func: L1}: mean |x − y|. */
    L1,
    /** mean (x − y)² (not in the official code; MSE-style variant). */
    L2;

    /** Element-wise distance; {@code y} may broadcast against {@code x}. */
    public NDArray elementwise(NDArray x, NDArray y) {
        NDArray diff = x.sub(y);
        return this == L1 ? diff.abs() : diff.square();
    }
}
