package io.dckd.plugins.fsrcnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

/** The transposed convolution against its definition: every input pixel scatters a scaled kernel. */
class TransposedConvTest {

    @Test
    void matchesTheScatterDefinitionOfConvTranspose2d() {
        int cin = 2, cout = 3, k = 5, s = 3, p = 2, h = 4, w = 3;
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
}
