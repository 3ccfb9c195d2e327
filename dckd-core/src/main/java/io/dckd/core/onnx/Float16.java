package io.dckd.core.onnx;

/**
 * IEEE 754 binary16 (half precision) bit patterns to and from float32, as Java 20's
 * {@code Float.floatToFloat16} and {@code Float.float16ToFloat} (Java 17 lacks them): rounding to
 * nearest, ties to even; magnitudes from 65520 on become ±infinity; subnormal halves are kept
 * (down to 2^-24); NaN stays NaN.
 */
public final class Float16 {

    /** The largest finite half, 65504. */
    public static final float MAX_VALUE = 65504f;

    private Float16() {}

    /** The half nearest to {@code f} (ties to even), as its 16 bits. */
    public static short fromFloat(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int exponent = (bits >>> 23) & 0xff;
        int mantissa = bits & 0x7fffff;
        if (exponent == 0xff) {
            // infinity keeps a zero mantissa; NaN keeps its top payload bits and stays quiet
            return (short) (sign | 0x7c00 | (mantissa == 0 ? 0 : 0x200 | (mantissa >>> 13)));
        }
        int e = exponent - 127 + 15;
        if (e >= 0x1f) {
            return (short) (sign | 0x7c00);
        }
        if (e <= 0) {
            if (e < -10) {
                return (short) sign; // below half the smallest subnormal (2^-25): rounds to zero
            }
            // subnormal: the implicit 1 joins the mantissa, shifted right by 14 - e in all
            int m = mantissa | 0x800000;
            int shift = 14 - e;
            return (short) (sign | roundShift(m, shift));
        }
        // normal: a carry out of the mantissa rolls into the exponent (and to infinity at the top)
        return (short) (sign | roundShift((e << 23) | mantissa, 13));
    }

    /** The float32 value of the half with bits {@code h} (exact). */
    public static float toFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            // zero or subnormal: mantissa × 2^-24, exact in float32
            float v = mantissa * 0x1p-24f;
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
    }

    /** {@code value >> shift} rounded to nearest, ties to even. */
    private static int roundShift(int value, int shift) {
        int kept = value >>> shift;
        int rest = value & ((1 << shift) - 1);
        int half = 1 << (shift - 1);
        if (rest > half || (rest == half && (kept & 1) == 1)) {
            kept++;
        }
        return kept;
    }
}
