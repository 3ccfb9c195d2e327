package io.dckd.core.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/**
 * The forward of a 3×3 or 9×9 convolution with input channels above 16 and not a multiple of 16 equals the
 * float64 convolution (a kernel path libtorch runs without oneDNN). Measured on this project's machines
 * before the fix: 24 → 12, 56 → 3, 60 → 60 and 180 → 64 were up to 0.8 off, or NaN.
 */
class SafeConvolutionTest {

    private static final Shape ONE = new Shape(1, 1);

    @Test
    void forwardWithChannelCountsOffTheBlockEqualsFloat64() {
        int[][] shapes = {{24, 12, 3}, {56, 3, 3}, {56, 3, 9}, {60, 60, 3}, {180, 64, 3}, {23, 16, 3}, {62, 64, 3}};
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(1);
            for (int[] s : shapes) {
                for (int n = 1; n <= 2; n++) {
                    try (NDManager pass = m.newSubManager()) {
                        int k = s[2];
                        NDArray x = pass.randomUniform(0, 1, new Shape(n, s[0], 17, 23));
                        NDArray w = pass.randomUniform(-0.1f, 0.1f, new Shape(s[1], s[0], k, k));
                        NDArray b = pass.randomUniform(-0.1f, 0.1f, new Shape(s[1]));
                        Shape pad = new Shape(k / 2, k / 2);
                        NDArray got = SafeConvolution.conv2d(x, w, b, ONE, pad, ONE, 1, false);
                        NDArray want = Conv2d.conv2d(x.toType(DataType.FLOAT64, false), w.toType(DataType.FLOAT64, false),
                                b.toType(DataType.FLOAT64, false), ONE, pad, ONE, 1).singletonOrThrow();
                        double diff = got.toType(DataType.FLOAT64, false).sub(want).abs().max().getDouble();
                        assertTrue(diff < 1e-4, s[0] + " -> " + s[1] + " k" + k + " batch " + n + ": off by " + diff);
                    }
                }
            }
        }
    }

    /** The input and weight gradients through the padded path equal float64 autograd (60 -> 60 as SwinIR-S, 56 -> 3 as FSRCNN, a depthwise 60). */
    @Test
    void gradientsThroughThePaddedPathEqualFloat64() {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(2);
            for (int[] s : new int[][] {{60, 60, 1}, {56, 3, 1}, {24, 12, 1}, {60, 60, 60}}) {
                try (NDManager pass = m.newSubManager()) {
                    NDArray x = pass.randomUniform(0, 1, new Shape(2, s[0], 17, 23));
                    NDArray w = pass.randomUniform(-0.1f, 0.1f, new Shape(s[1], s[0] / s[2], 3, 3));
                    NDArray r = pass.randomUniform(-1, 1, new Shape(2, s[1], 17, 23));
                    NDArray[] got = gradients(x, w, r, s[2], true);
                    NDArray[] want = gradients(x.toType(DataType.FLOAT64, false), w.toType(DataType.FLOAT64, false),
                            r.toType(DataType.FLOAT64, false), s[2], false);
                    for (int i = 0; i < 2; i++) {
                        double diff = got[i].toType(DataType.FLOAT64, false).sub(want[i]).abs().max().getDouble();
                        assertTrue(diff < 1e-3, s[0] + " -> " + s[1] + " groups " + s[2] + (i == 0 ? " input" : " weight") + " gradient off by " + diff);
                    }
                }
            }
        }
    }

    /** d/dx and d/dw of sum(conv(x, w) * r); float32 through SafeConvolution, float64 through the plain op. */
    private static NDArray[] gradients(NDArray x, NDArray w, NDArray r, int groups, boolean safe) {
        x.setRequiresGradient(true);
        w.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray y = safe ? SafeConvolution.conv2d(x, w, null, ONE, ONE, ONE, groups, true)
                    : Conv2d.conv2d(x, w, null, ONE, ONE, ONE, groups).singletonOrThrow();
            gc.backward(y.mul(r).sum());
        }
        return new NDArray[] {x.getGradient().duplicate(), w.getGradient().duplicate()};
    }
}
