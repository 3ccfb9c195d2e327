package io.dckd.losses.lcr;

import io.dckd.core.distill.LcrOps;
import io.dckd.core.distill.LabelConsistency;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import io.dckd.losses.SeededManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LabelConsistencyTest {

    @RegisterExtension
    static final SeededManager ND = new SeededManager(7);

    private NDManager manager;

    @BeforeEach
    void open(NDManager m) {
        manager = m;
    }

    @Test
    void sampleDrawsOpsInOrderThenSamples() {
        LcrOps ops = LabelConsistency.sample(5, 0.3, new SplittableRandom(11));
        SplittableRandom rng = new SplittableRandom(11);
        for (LcrOps.Op op : LcrOps.Op.values()) {
            for (int b = 0; b < 5; b++) {
                assertEquals(rng.nextDouble() < 0.3, ops.isSelected(op, b), op + " sample " + b);
            }
        }
        assertEquals(ops, LabelConsistency.sample(5, 0.3, new SplittableRandom(11)));
        LcrOps none = LabelConsistency.sample(6, 0, new SplittableRandom(1));
        LcrOps all = LabelConsistency.sample(6, 1, new SplittableRandom(1));
        for (LcrOps.Op op : LcrOps.Op.values()) {
            assertEquals(0, none.count(op));
            assertEquals(6, all.count(op));
        }
        assertThrows(IllegalArgumentException.class, () -> LabelConsistency.sample(4, 1.5, new SplittableRandom(1)));
    }

    @Test
    void sampleFrequencyFollowsProb() {
        LcrOps ops = LabelConsistency.sample(4000, 0.5, new SplittableRandom(3));
        for (LcrOps.Op op : LcrOps.Op.values()) {
            double f = ops.count(op) / 4000.0;
            assertTrue(Math.abs(f - 0.5) < 0.04, op + " frequency " + f);
        }
    }

    @Test
    void applyMatchesPerSampleReferenceAndRevertInverts() {
        int b = 8;
        int c = 3;
        int s = 5;
        NDArray x = manager.randomUniform(0, 1, new Shape(b, c, s, s));
        float[] data = x.toFloatArray();
        for (long seed = 0; seed < 6; seed++) {
            LcrOps ops = LabelConsistency.sample(b, 0.5, new SplittableRandom(seed));
            NDArray y = LabelConsistency.apply(x, ops);
            assertArrayEquals(reference(data, ops, b, c, s), y.toFloatArray(), 0f, "ops " + ops);
            NDArray back = LabelConsistency.revert(y, ops);
            assertArrayEquals(data, back.toFloatArray(), 0f, "revert(apply(x)) != x for " + ops);
            assertEquals(x.getManager(), y.getManager());
        }
        assertArrayEquals(data, x.toFloatArray(), 0f, "input must be unchanged");
    }

    /** Plain per-sample loops: invert, flip H, flip W, transpose, each on its selected samples. */
    private static float[] reference(float[] in, LcrOps ops, int b, int c, int s) {
        float[] cur = in.clone();
        for (int n = 0; n < b; n++) {
            for (LcrOps.Op op : LcrOps.Op.values()) {
                if (!ops.isSelected(op, n)) {
                    continue;
                }
                float[] next = cur.clone();
                for (int ch = 0; ch < c; ch++) {
                    for (int i = 0; i < s; i++) {
                        for (int j = 0; j < s; j++) {
                            int dst = ((n * c + ch) * s + i) * s + j;
                            int si = i;
                            int sj = j;
                            switch (op) {
                                case FLIP_H -> si = s - 1 - i;
                                case FLIP_W -> sj = s - 1 - j;
                                case TRANSPOSE -> { si = j; sj = i; }
                                default -> { }
                            }
                            float v = cur[((n * c + ch) * s + si) * s + sj];
                            next[dst] = op == LcrOps.Op.INVERT ? 1 - v : v;
                        }
                    }
                }
                cur = next;
            }
        }
        return cur;
    }

    @Test
    void transposeNeedsSquarePatchesOnlyWhenSelected() {
        NDArray x = manager.randomUniform(0, 1, new Shape(2, 3, 4, 6));
        LcrOps flipOnly = LcrOps.ofIndices(2, java.util.Map.of(LcrOps.Op.FLIP_W, new int[] {1}));
        assertEquals(x.getShape(), LabelConsistency.apply(x, flipOnly).getShape());
        LcrOps withT = LcrOps.ofIndices(2, java.util.Map.of(LcrOps.Op.TRANSPOSE, new int[] {0}));
        assertThrows(IllegalArgumentException.class, () -> LabelConsistency.apply(x, withT));
        assertThrows(IllegalArgumentException.class, () -> LabelConsistency.apply(x, LabelConsistency.sample(3, 0.5, new SplittableRandom(1))));
    }

    @Test
    void teacherOutputsRevertTheAugmentedHalf() {
        NDArray lq = manager.randomUniform(0, 1, new Shape(4, 3, 6, 6));
        LcrOps ops = LabelConsistency.sample(4, 0.5, new SplittableRandom(5));
        // an equivariant "teacher" (pointwise affine): the reverted half equals the clean half exactly
        NDList pair = LabelConsistency.teacherOutputs(lq, ops, in -> in.mul(2f));
        assertEquals(2, pair.size());
        assertArrayEquals(lq.mul(2f).toFloatArray(), pair.get(0).toFloatArray(), 0f);
        // 1 − (2(1 − x)) is not 2x: only the inverted samples differ, so check invert-free ops
        LcrOps noInvert = LcrOps.ofIndices(4, java.util.Map.of(LcrOps.Op.FLIP_H, new int[] {0, 2},
                LcrOps.Op.FLIP_W, new int[] {1}, LcrOps.Op.TRANSPOSE, new int[] {2, 3}));
        NDList eq = LabelConsistency.teacherOutputs(lq, noInvert, in -> in.mul(2f));
        assertArrayEquals(eq.get(0).toFloatArray(), eq.get(1).toFloatArray(), 0f);
        // a position-dependent teacher is not equivariant: the halves differ
        NDArray ramp = manager.arange(36f).reshape(1, 1, 6, 6);
        NDList ne = LabelConsistency.teacherOutputs(lq, noInvert, in -> in.add(ramp));
        assertFalse(java.util.Arrays.equals(ne.get(0).toFloatArray(), ne.get(1).toFloatArray()));
        assertEquals(lq.getManager(), ne.get(1).getManager());
        assertNotEquals(0, ops.toString().length());
    }
}
