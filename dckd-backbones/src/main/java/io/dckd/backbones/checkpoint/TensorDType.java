package io.dckd.backbones.checkpoint;

import ai.djl.ndarray.types.DataType;

/**
 * The element types dckd reads from checkpoints, with their names in PyTorch pickles (storage
 * classes such as {@code torch.FloatStorage}) and in safetensors headers ({@code F32}). All data is
 * little-endian.
 */
public enum TensorDType {
    /** torch.float32. */
    FLOAT32("FloatStorage", "F32", DataType.FLOAT32),
    /** torch.float16. */
    FLOAT16("HalfStorage", "F16", DataType.FLOAT16),
    /** torch.bfloat16; read into float32 arrays (exact widening, see {@code TensorBytes}). */
    BFLOAT16("BFloat16Storage", "BF16", DataType.BFLOAT16),
    /** torch.float64. */
    FLOAT64("DoubleStorage", "F64", DataType.FLOAT64),
    /** torch.int64. */
    INT64("LongStorage", "I64", DataType.INT64),
    /** torch.int32. */
    INT32("IntStorage", "I32", DataType.INT32),
    /** torch.int8. */
    INT8("CharStorage", "I8", DataType.INT8),
    /** torch.uint8. */
    UINT8("ByteStorage", "U8", DataType.UINT8),
    /** torch.bool. */
    BOOL("BoolStorage", "BOOL", DataType.BOOLEAN);

    private final String storageClass;
    private final String safetensorsName;
    private final DataType dataType;

    TensorDType(String storageClass, String safetensorsName, DataType dataType) {
        this.storageClass = storageClass;
        this.safetensorsName = safetensorsName;
        this.dataType = dataType;
    }

    /** Bytes per element. */
    public int bytes() {
        return dataType.getNumOfBytes();
    }

    /** The DJL type of arrays made from this data. */
    public DataType dataType() {
        return dataType;
    }

    /** The safetensors header name ({@code F32}, ...). */
    public String safetensorsName() {
        return safetensorsName;
    }

    /** The type of a {@code torch.<Name>Storage} class (module {@code torch}), or null. */
    static TensorDType fromStorageClass(String module, String name) {
        if (!"torch".equals(module)) {
            return null;
        }
        for (TensorDType t : values()) {
            if (t.storageClass.equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** The type of a safetensors dtype name, or null. */
    static TensorDType fromSafetensors(String name) {
        for (TensorDType t : values()) {
            if (t.safetensorsName.equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** The safetensors names, for messages. */
    static String safetensorsNames() {
        StringBuilder sb = new StringBuilder();
        for (TensorDType t : values()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(t.safetensorsName);
        }
        return sb.toString();
    }
}
