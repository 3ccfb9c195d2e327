package io.dckd.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * DJL's {@code x.mul(3f)} under the same churn gave a gradient of -9.3e35 instead of 3 (measured once
 * while writing this test): its number operand lives in a direct buffer that the GC frees before the
 * backward pass reads it. The helpers must give exact gradients here.
 */
class ScalarsTest {

    /** Runs y = op(x, 3), then lets the GC free what it can and refills freed memory, then backward. */
    private static float[] gradientAfterGcChurn(BiFunction<NDArray, Double, NDArray> op) throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.arange(1f, 9f).reshape(new Shape(2, 4));
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = op.apply(x, 3.0).sum();
                List<ByteBuffer> churn = new ArrayList<>();
                for (int round = 0; round < 20; round++) {
                    System.gc();
                    Thread.sleep(5);
                    for (int i = 0; i < 2000; i++) {
                        ByteBuffer b = ByteBuffer.allocateDirect(4 + (i % 4) * 4);
                        while (b.hasRemaining()) {
                            b.put((byte) 0x7f);
                        }
                        churn.add(b);
                    }
                }
                gc.backward(loss);
                churn.clear();
            }
            return x.getGradient().toFloatArray();
        }
    }

    @Test
    void multiplyAndDivideKeepTheirGradientWhileTheGarbageCollectorRuns() throws Exception {
        float[] three = new float[8];
        java.util.Arrays.fill(three, 3f);
        assertArrayEquals(three, gradientAfterGcChurn(Scalars::mul), 0f);
        float[] third = new float[8];
        java.util.Arrays.fill(third, 1f / 3f);
        assertArrayEquals(third, gradientAfterGcChurn(Scalars::div), 1e-7f);
    }
}
