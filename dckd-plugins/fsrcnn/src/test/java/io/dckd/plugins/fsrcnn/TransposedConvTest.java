package io.dckd.plugins.fsrcnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.dckd.core.nn.SafeConvolution;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The transposed convolution (polyphase form) against its definition, every input pixel scattering a
 * scaled kernel, at FSRCNN's strides and others; and its gradients against the dilated formulation.
 */
class TransposedConvTest {

    @ParameterizedTest(name = "k {2}, stride {3}, padding {4}")
    @CsvSource({"2, 3, 5, 3, 2", "3, 3, 9, 4, 4", "4, 2, 9, 2, 4", "2, 3, 9, 3, 4", "5, 1, 3, 1, 1"})
    void matchesTheScatterDefinitionOfConvTranspose2d(int cin, int cout, int k, int s, int p) {
        int h = 4, w = 3;
        try (NDManager m = NDManager.newBaseManager()) {
            TransposedConv tc = new TransposedConv(cout, k, s, p);
            tc.initialize(m, DataType.FLOAT32, new Shape(1, cin, h, w));
            NDArray x = m.randomNormal(new Shape(1, cin, h, w));
            NDArray y = tc.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
            assertEquals(new Shape(1, cout, h * s, w * s), y.getShape());
            float[] xs = x.toFloatArray();
            float[] wt = tc.getParameters().get("weight").getArray().toFloatArray();
            float[] bs = tc.getParameters().get("bias").getArray().toFloatArray();
            int oh = h * s, ow = w * s;
            float[] ref = new float[cout * oh * ow];
            for (int co = 0; co < cout; co++) {
                for (int i = 0; i < oh * ow; i++) {
                    ref[co * oh * ow + i] = bs[co];
                }
            }
            // torch: out[co, i*s - p + ki, j*s - p + kj] += x[ci, i, j] * W[ci, co, ki, kj] (output_padding s-1 at the end)
            for (int ci = 0; ci < cin; ci++) {
                for (int i = 0; i < h; i++) {
                    for (int j = 0; j < w; j++) {
                        for (int co = 0; co < cout; co++) {
                            for (int ki = 0; ki < k; ki++) {
                                for (int kj = 0; kj < k; kj++) {
                                    int oi = i * s - p + ki, oj = j * s - p + kj;
                                    if (oi >= 0 && oi < oh && oj >= 0 && oj < ow) {
                                        ref[(co * oh + oi) * ow + oj] += xs[(ci * h + i) * w + j] * wt[((ci * cout + co) * k + ki) * k + kj];
                                    }
                                }
                            }
                        }
                    }
                }
            }
            assertArrayEquals(ref, y.toFloatArray(), 1e-4f);
        }
    }

    /**
     * The weight's and the input's gradients equal those of the dilated formulation (the input dilated
     * by s with zeros, convolved with the flipped, channel-transposed kernel), which is ConvTranspose2d's
     * adjoint written out.
     */
    @Test
    void gradientsEqualTheDilatedFormulations() {
        int cin = 3, cout = 3, k = 9, s = 4, p = 4, h = 5, w = 4;
        try (NDManager m = NDManager.newBaseManager()) {
            TransposedConv tc = new TransposedConv(cout, k, s, p);
            tc.initialize(m, DataType.FLOAT32, new Shape(1, cin, h, w));
            NDArray weight = tc.getParameters().get("weight").getArray();
            NDArray bias = tc.getParameters().get("bias").getArray();
            weight.setRequiresGradient(true);
            bias.setRequiresGradient(true);
            NDArray x = m.randomNormal(new Shape(2, cin, h, w));
            x.setRequiresGradient(true);
            NDArray g = m.randomNormal(new Shape(2, cout, h * s, w * s));
            float[][] polyphase = gradients(m, x, weight, bias, g, () -> tc.forward(new ParameterStore(m, false), new NDList(x), true).singletonOrThrow());
            float[][] dilated = gradients(m, x, weight, bias, g, () -> dilatedReference(x, weight, bias, s, k, p));
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(dilated[i], polyphase[i], 1e-4f, new String[] {"input", "weight", "bias"}[i] + " gradient");
            }
        }
    }

    private static float[][] gradients(NDManager m, NDArray x, NDArray weight, NDArray bias, NDArray g, Supplier<NDArray> forward) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.zeroGradients();
            gc.backward(forward.get().mul(g).sum());
        }
        return new float[][] {x.getGradient().toFloatArray(), weight.getGradient().toFloatArray(), bias.getGradient().toFloatArray()};
    }

    private static NDArray dilatedReference(NDArray x, NDArray weight, NDArray bias, int s, int k, int p) {
        NDManager m = x.getManager();
        Shape xs = x.getShape();
        long b = xs.get(0), c = xs.get(1), h = xs.get(2), w = xs.get(3);
        NDArray cell = x.reshape(b, c, h, 1, w, 1);
        cell = cell.concat(m.zeros(new Shape(b, c, h, s - 1, w, 1)), 3);
        cell = cell.concat(m.zeros(new Shape(b, c, h, s, w, s - 1)), 5);
        NDArray dilated = cell.reshape(b, c, h * s, w * s);
        NDArray kernel = weight.transpose(1, 0, 2, 3).flip(2, 3);
        return SafeConvolution.conv2d(dilated, kernel, bias, new Shape(1, 1), new Shape(k - 1 - p, k - 1 - p), new Shape(1, 1), 1, true);
    }
}
