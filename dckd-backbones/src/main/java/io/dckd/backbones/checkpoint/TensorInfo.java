package io.dckd.backbones.checkpoint;

import java.util.Arrays;

/**
 * One tensor of a checkpoint, described without loading its data.
 *
 * @param name the state-dict key (after key selection)
 * @param dtype the element type
 * @param shape the shape (PyTorch order)
 */
public record TensorInfo(String name, TensorDType dtype, long[] shape) {

    /** Number of elements (product of the shape). */
    public long numel() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    @Override
    public String toString() {
        return name + " " + dtype.safetensorsName() + " " + Arrays.toString(shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorInfo t && t.name.equals(name) && t.dtype == dtype && Arrays.equals(t.shape, shape);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }
}
