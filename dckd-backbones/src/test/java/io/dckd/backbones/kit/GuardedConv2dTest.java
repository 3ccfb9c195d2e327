package io.dckd.backbones.kit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

/**
 * A 64 → 3 convolution's input gradient is finite and right even when the allocator hands back
 * memory full of NaN (libtorch's own backward read such memory: NaN gradients in 2-3 of 16 passes), and so is
 * the input gradient through a frozen 32 → 8 convolution (libtorch's was 41% off).
 * The reference is the input gradient written as a forward convolution: for L = Σ y·r,
 * ∂L/∂x = conv(r, flip(W)ᵀ) with the same padding, a path that does not go through the backward.
 */
class GuardedConv2dTest {

    @Test
    void inputGradientOfAFewChannelConvolutionIsRightOnNanGarbage() {
        checkInputGradient(64, 3, true, 40);
    }

    /** A frozen layer that the student's gradient passes through (the encoder of E(S(x)), z_channels 8): found 41% off. */
    @Test
    void inputGradientThroughAFrozenFewChannelConvolutionIsRight() {
        checkInputGradient(32, 8, false, 10);
    }

    private static void checkInputGradient(int in, int out, boolean trainable, int passes) {
        for (int rep = 0; rep < passes; rep++) {
            try (NDManager m = NDManager.newBaseManager()) {
                leaveNanGarbage(m);
                Conv2d conv = Layers.conv3x3(out);
                conv.initialize(m, DataType.FLOAT32, new Shape(2, in, 48, 40));
                if (trainable) {
                    conv.getParameters().forEach(p -> p.getValue().getArray().setRequiresGradient(true)); // as a student's
                }
                ParameterStore ps = new ParameterStore(m, false);
                NDArray x = m.randomUniform(0, 1, new Shape(2, in, 48, 40));
                NDArray r = m.randomUniform(-1, 1, new Shape(2, out, 48, 40));
                x.setRequiresGradient(true);
                NDArray y;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    y = conv.forward(ps, new NDList(x), trainable).singletonOrThrow();
                    gc.backward(y.mul(r).sum());
                }
                NDArray w = conv.getParameters().get("weight").getArray();
                NDArray b = conv.getParameters().get("bias").getArray();
                NDArray plain = Conv2d.conv2d(x.stopGradient(), w.stopGradient(), b.stopGradient(), new Shape(1, 1), new Shape(1, 1)).singletonOrThrow();
                assertTrue(y.stopGradient().sub(plain).abs().max().getFloat() < 1e-5f, "forward values as the plain convolution");
                NDArray flipped = w.stopGradient().flip(2, 3).transpose(1, 0, 2, 3);
                NDArray want = Conv2d.conv2d(r, flipped, null, new Shape(1, 1), new Shape(1, 1)).singletonOrThrow();
                NDArray got = x.getGradient();
                assertTrue(!got.isNaN().any().getBoolean(), "NaN input gradient at pass " + rep);
                float diff = got.sub(want).abs().max().getFloat();
                assertTrue(diff < 1e-4f, in + " -> " + out + (trainable ? "" : " (frozen)") + ": input gradient off by " + diff + " at pass " + rep);
            }
        }
    }

    /** Allocates and frees NaN-filled tensors, so that fresh allocations start on NaN bit patterns. */
    private static void leaveNanGarbage(NDManager m) {
        for (int k = 0; k < 6; k++) {
            try (NDArray g = m.full(new Shape(2, 64, 48, 40), Float.NaN)) {
                g.getFloat(0, 0, 0, 0);
            }
        }
    }
}
