package io.dckd.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.dckd.core.config.Precision;

/**
 * Dtype conversions that are safe with bf16 arrays under DJL 0.36's PyTorch engine.
 *
 * <p>Why: that engine's JNI has no bfloat16 in its dtype table. {@code toType(BFLOAT16)} aborts the
 * whole process (a C++ {@code throw;} with no exception), and a bf16 tensor that libtorch made reports
 * {@link DataType#UNKNOWN}; any DJL call that passes the array's dtype back to native code (creation
 * with {@code x.getDataType()}, {@code softmax}, {@code toType(x.getDataType())}) aborts too. So bf16
 * arrays are made and converted by libtorch ({@link AtenOps#cast}, {@link AtenOps#typeAs}), and code
 * that builds arrays "like" an activation goes through {@link #like}. fp16 is a dtype DJL knows.
 */
public final class Casts {

    private Casts() {}

    /** {@code x} in {@code p}'s format (a new array in {@code x}'s manager, or {@code x} itself when it already is). */
    public static NDArray to(NDArray x, Precision p) {
        return switch (p) {
            case FP32 -> toFloat32(x);
            case FP16 -> x.getDataType() == DataType.FLOAT16 ? x : x.toType(DataType.FLOAT16, false);
            case BF16 -> {
                if (x.getDataType() == DataType.UNKNOWN) {
                    yield x;
                }
                requireAten();
                yield AtenOps.cast(x, "bf16");
            }
        };
    }

    /** {@code x} as fp32 ({@code x} itself when it already is), also from bf16. */
    public static NDArray toFloat32(NDArray x) {
        DataType t = x.getDataType();
        if (t == DataType.FLOAT32) {
            return x;
        }
        if (t == DataType.UNKNOWN) {
            requireAten();
            return AtenOps.cast(x, "fp32");
        }
        return x.toType(DataType.FLOAT32, false);
    }

    /** {@code src} in the dtype of {@code like} ({@code src} itself when they match), also when that dtype is bf16. */
    public static NDArray like(NDArray src, NDArray like) {
        DataType t = like.getDataType();
        if (t == src.getDataType() && t != DataType.UNKNOWN) {
            return src;
        }
        if (t == DataType.UNKNOWN) {
            requireAten();
            return AtenOps.typeAs(src, like);
        }
        return src.toType(t, false);
    }

    /** True for an array in a format DJL's JNI cannot name (bf16 in practice). */
    public static boolean unnamed(NDArray x) {
        return x.getDataType() == DataType.UNKNOWN;
    }

    /**
     * {@code softmax(x, axis)}; a bf16 {@code x} is normalised in fp32 (as autocast does) and returned
     * in bf16, since DJL's softmax passes the dtype to native code.
     */
    public static NDArray softmax(NDArray x, int axis) {
        if (!unnamed(x)) {
            return x.softmax(axis);
        }
        NDArray wide = toFloat32(x);
        NDArray s = wide.softmax(axis);
        NDArray out = like(s, x);
        s.close();
        wide.close();
        return out;
    }

    /** Zeros of {@code shape} in {@code like}'s dtype and device, in {@code m}, also when that dtype is bf16. */
    public static NDArray zeros(NDManager m, Shape shape, NDArray like) {
        if (!unnamed(like)) {
            return m.zeros(shape, like.getDataType(), like.getDevice());
        }
        try (NDArray wide = m.zeros(shape, DataType.FLOAT32, like.getDevice())) {
            requireAten();
            return AtenOps.typeAs(wide, like);
        }
    }

    /** Fails clearly when libtorch's casts cannot be reached. */
    private static void requireAten() {
        if (!AtenOps.available()) {
            throw new IllegalStateException("bf16 needs libtorch's casts (the fused ATen ops are off: -Ddckd.aten.ops=false or another engine)");
        }
    }
}
