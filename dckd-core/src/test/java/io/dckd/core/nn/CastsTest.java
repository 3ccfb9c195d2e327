package io.dckd.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.dckd.core.config.Precision;
import org.junit.jupiter.api.Test;

/**
 * bf16 arrays under DJL 0.36 (which cannot name the dtype: a wrong call aborts the JVM rather than
 * throwing): libtorch's casts, arrays made "like" a bf16 one, softmax and 0-d scalars keep bf16, and
 * {@link SafeConvolution}'s bf16 path, whose CPU forward is wrong without padded filters.
 */
class CastsTest {

    private static double relL2(NDArray ours, NDArray ref) {
        NDArray d = ours.sub(ref);
        return Math.sqrt(d.square().sum().getFloat() / ref.square().sum().getFloat());
    }

    @Test
    void castsRoundTripWithinBf16sRoundingAndLikeKeepsTheDtype() {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(3);
            NDArray x = m.randomNormal(new Shape(4, 8, 5, 5));
            NDArray b = Casts.to(x, Precision.BF16);
            assertTrue(Casts.unnamed(b), "DJL reports bf16 as " + b.getDataType());
            assertSame(b, Casts.to(b, Precision.BF16));
            NDArray back = Casts.toFloat32(b);
            assertEquals(DataType.FLOAT32, back.getDataType());
            // round to nearest with 8 significant bits: at most 2^-8 relative per value (bf16's unit roundoff)
            double worst = back.sub(x).abs().div(x.abs()).max().getFloat();
            assertTrue(worst > Math.pow(2, -10) && worst <= Math.pow(2, -8) * 1.0001, "bf16 rounding " + worst);
            assertEquals(DataType.FLOAT16, Casts.to(x, Precision.FP16).getDataType());
            NDArray zeros = Casts.zeros(m, new Shape(2, 3), b);
            assertTrue(Casts.unnamed(zeros));
            assertEquals(0.0, Casts.toFloat32(zeros).abs().sum().getFloat(), 0.0);
            assertTrue(Casts.unnamed(Casts.like(m.ones(new Shape(1, 8, 1, 1)), b)));
            assertTrue(Casts.unnamed(Scalars.mul(b, 0.5)), "a 0-d scalar does not promote bf16 to fp32");
            NDArray soft = Casts.softmax(b, 1);
            assertTrue(Casts.unnamed(soft));
            double err = relL2(Casts.toFloat32(soft), x.softmax(1));
            assertTrue(err < 1e-2, "bf16 softmax relative L2 " + err);
        }
    }

    @Test
    void bf16ConvolutionWithFiltersOffTheBlockIsRightOnlyPadded() {
        Shape one = new Shape(1, 1);
        int[][] shapes = {{32, 3}, {64, 8}, {60, 60}, {8, 8}};
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(5);
            for (int[] s : shapes) {
                NDArray x = Casts.toFloat32(Casts.to(m.randomNormal(new Shape(2, s[0], 12, 12)), Precision.BF16));
                NDArray w = Casts.toFloat32(Casts.to(m.randomNormal(new Shape(s[1], s[0], 3, 3)).mul(0.05), Precision.BF16));
                NDArray b = Casts.toFloat32(Casts.to(m.randomNormal(new Shape(s[1])), Precision.BF16));
                // fp32 on the bf16-rounded operands: what the bf16 convolution should give, up to its own rounding
                NDArray want = SafeConvolution.conv2d(x, w, b, one, one, one, 1, false);
                NDArray got = SafeConvolution.conv2d(Casts.to(x, Precision.BF16), Casts.to(w, Precision.BF16), Casts.to(b, Precision.BF16),
                        one, one, one, 1, false);
                double err = relL2(Casts.toFloat32(got), want);
                // measured 1.6e-3 to 1.7e-3 padded; 0.24 (32 -> 3), 0.17 (64 -> 8), 0.05 (60 -> 60), 0.1 (8 -> 8) unpadded
                assertTrue(err < 1e-2, s[0] + " -> " + s[1] + " 3x3 in bf16: relative L2 " + err);
            }
        }
    }
}
