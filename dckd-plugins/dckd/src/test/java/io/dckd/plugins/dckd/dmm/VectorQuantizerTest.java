package io.dckd.plugins.dckd.dmm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class VectorQuantizerTest {

    private static PretrainOptions options(PretrainOptions.CodebookUpdate update, double decay, double deadThreshold) {
        return new PretrainOptions(1, 1, 4, 1e-3, 0.9, 0.99, 0.25, update, decay, deadThreshold, 1, 1, false, 0, 0, false);
    }

    private static Parameter codebook(NDManager m, float[] codes, int dim) {
        Parameter p = Parameter.builder().setName("weight").setType(Parameter.Type.OTHER).build();
        p.setArray(m.create(codes, new Shape(codes.length / dim, dim)));
        return p;
    }

    /** Positions as a 1×D×1×N latent (N positions in a row). */
    private static NDArray latent(NDManager m, float[][] rows) {
        int dim = rows[0].length;
        float[] chw = new float[dim * rows.length];
        for (int n = 0; n < rows.length; n++) {
            for (int d = 0; d < dim; d++) {
                chw[d * rows.length + n] = rows[n][d];
            }
        }
        return m.create(chw, new Shape(1, dim, 1, rows.length));
    }

    private static long[] histogram(NDArray indices, int codes) {
        long[] h = new long[codes];
        for (long k : indices.toLongArray()) {
            h[(int) k]++;
        }
        return h;
    }

    @Test
    void emaUpdateMovesCodesToTheMeanOfTheirPositions() {
        try (NDManager m = NDManager.newBaseManager()) {
            Parameter e = codebook(m, new float[] {0, 0, 5, 5}, 2);
            VectorQuantizer vq = new VectorQuantizer(e, options(PretrainOptions.CodebookUpdate.EMA, 0.5, 0), false, m);
            NDArray z = latent(m, new float[][] {{1, 0}, {0, 1}, {1, 1}, {4, 6}, {6, 4}});
            for (int step = 0; step < 12; step++) {
                VectorQuantizer.Quantized q = vq.quantize(z);
                assertArrayEquals(new long[] {3, 2}, histogram(q.indices(), 2));
                vq.update(q, new SplittableRandom(1));
            }
            // N_k and m_k converge geometrically (decay 0.5) to 3, 2 and the cluster sums: e -> the means
            float[] codes = e.getArray().toFloatArray();
            assertArrayEquals(new float[] {2f / 3, 2f / 3, 5, 5}, codes, 1e-3f);
        }
    }

    @Test
    void aDeadCodeIsRestartedAtAnEncoderOutputAndThenUsed() {
        try (NDManager m = NDManager.newBaseManager()) {
            Parameter e = codebook(m, new float[] {0.6f, 0.5f, 100, 100}, 2);
            VectorQuantizer vq = new VectorQuantizer(e, options(PretrainOptions.CodebookUpdate.EMA, 0.0, 1.0), false, m);
            NDArray z = latent(m, new float[][] {{1, 0}, {1, 0}, {0, 1}, {0, 1}});
            VectorQuantizer.Quantized q = vq.quantize(z);
            assertArrayEquals(new long[] {4, 0}, histogram(q.indices(), 2), "code 1 is far from every position");
            assertEquals(1, vq.update(q, new SplittableRandom(5)), "one dead code restarted");
            float[] codes = e.getArray().toFloatArray();
            assertTrue((codes[2] == 1 && codes[3] == 0) || (codes[2] == 0 && codes[3] == 1),
                    "code 1 restarted at an encoder output, got " + codes[2] + ", " + codes[3]);
            long[] h = histogram(vq.quantize(z).indices(), 2);
            assertEquals(2, h[1], "the revived code is used by the positions it sits on");
            // its usage was reset to 1: a second update with it in use does not restart it again
            assertEquals(0, vq.update(vq.quantize(z), new SplittableRandom(6)));
        }
    }

    @Test
    void kmeansInitialisationAndNormalisedLookup() {
        try (NDManager m = NDManager.newBaseManager()) {
            Parameter e = codebook(m, new float[] {0.001f, 0, 0, 0.001f}, 2);
            VectorQuantizer vq = new VectorQuantizer(e, options(PretrainOptions.CodebookUpdate.EMA, 0.99, 1.0), true, m);
            NDArray z = latent(m, new float[][] {{1, 0}, {0.8f, 0.6f}, {0, 1}, {-0.6f, 0.8f}, {1, 0}, {0, 1}});
            vq.initialize(z, new SplittableRandom(2));
            long[] h = histogram(vq.quantize(z).indices(), 2);
            assertEquals(6, h[0] + h[1]);
            assertTrue(h[0] >= 2 && h[1] >= 2, "k-means++ puts one code per direction group, got " + h[0] + ", " + h[1]);
            NDArray looked = vq.lookup(m.create(new long[] {0, 1, 1}), 1, 1, 3);
            assertArrayEquals(new long[] {1, 2, 1, 3}, looked.getShape().getShape());
            NDArray norms = looked.square().sum(new int[] {1}).sqrt();
            assertEquals(0, norms.sub(1f).abs().max().getFloat(), 1e-5);
            // the k-means counts are the EMA usage: no code is dead right after the start
            assertEquals(0, vq.update(vq.quantize(z), new SplittableRandom(3)));
        }
    }
}
