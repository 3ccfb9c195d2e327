package io.dckd.backbones.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Turns little-endian row-major element bytes into a DJL array. bfloat16 is widened exactly to
 * float32 (its 16 bits become the high half of a float32): DJL 0.36 with libtorch 2.7.1 aborts the
 * JVM when it creates or casts to a BFLOAT16 array, and every bfloat16 value is a float32 value.
 */
final class TensorBytes {

    private TensorBytes() {}

    /** The DJL type of the arrays made for {@code dtype}. */
    static DataType arrayType(TensorDType dtype) {
        return dtype == TensorDType.BFLOAT16 ? DataType.FLOAT32 : dtype.dataType();
    }

    static NDArray create(NDManager manager, byte[] le, long[] shape, TensorDType dtype, String source, String name)
            throws CheckpointFormatException {
        byte[] bytes = le;
        if (dtype == TensorDType.BFLOAT16) {
            bytes = new byte[le.length * 2];
            for (int i = 0, j = 0; i < le.length; i += 2, j += 4) {
                bytes[j + 2] = le[i];
                bytes[j + 3] = le[i + 1];
            }
        }
        try {
            return manager.create(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN), new Shape(shape), arrayType(dtype));
        } catch (RuntimeException e) {
            throw new CheckpointFormatException(source + ": cannot create tensor '" + name + "': " + e.getMessage(), e);
        }
    }
}
