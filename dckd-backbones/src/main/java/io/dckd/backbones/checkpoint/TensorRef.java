package io.dckd.backbones.checkpoint;

import java.util.Arrays;

/**
 * A tensor as {@code torch._utils._rebuild_tensor_v2} describes it: a view of {@code size} with
 * element {@code stride}s starting at element {@code offset} of a storage. Element
 * {@code (i_0, ..., i_{n-1})} is storage element {@code offset + sum_k i_k * stride_k}.
 */
record TensorRef(StorageRef storage, long offset, long[] size, long[] stride) {

    /** Number of elements. */
    long numel() {
        long n = 1;
        for (long d : size) {
            n *= d;
        }
        return n;
    }

    /** Whether the view is the row-major contiguous layout of its size. */
    boolean contiguous() {
        long expected = 1;
        for (int k = size.length - 1; k >= 0; k--) {
            if (size[k] != 1 && stride[k] != expected) {
                return false;
            }
            expected *= size[k];
        }
        return true;
    }

    TensorInfo info(String name) {
        return new TensorInfo(name, storage.dtype(), size.clone());
    }

    @Override
    public String toString() {
        return "tensor " + Arrays.toString(size) + " stride " + Arrays.toString(stride) + " at " + offset + " of " + storage;
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
