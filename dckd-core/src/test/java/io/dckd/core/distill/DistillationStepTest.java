package io.dckd.core.distill;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.dckd.core.nn.Overwrite;
import io.dckd.core.spi.NegativeSampler;
import io.dckd.core.spi.StepContext;
import io.dckd.core.spi.StepInput;
import io.dckd.core.train.Network;
import io.dckd.core.train.TinyNetworks;
import java.util.EnumSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The frozen half of an iteration: only what the terms declare, label consistency reverted, negatives through H. */
class DistillationStepTest {

    /** A teacher that returns its input: T(lcr(x)) reverted must then be x again, whatever ops were drawn. */
    private static Network identityTeacher() {
        Network t = TinyNetworks.network("teacher", 5, false);
        NDArray w = t.parameters().get("weight").getArray();
        float[] k = new float[3 * 3 * 3 * 3];
        for (int c = 0; c < 3; c++) {
            k[((c * 3 + c) * 3 + 1) * 3 + 1] = 1f;
        }
        Overwrite.with(w, k);
        Overwrite.with(t.parameters().get("bias").getArray(), new float[3]);
        return t;
    }

    /** [x, x/2]: one clean and one "degraded" copy per sample. */
    private static NegativeSampler.Sampler halves() {
        return new NegativeSampler.Sampler() {
            public int count() {
                return 2;
            }

            public NDArray negativeInputs(NDArray lq, SplittableRandom rng) {
                return NDArrays.concat(new NDList(lq, lq.div(2f)), 0);
            }
        };
    }

    @Test
    void labelConsistencyIsRevertedAndNegativesComeFromTheHistoryModel() {
        try (NDManager m = NDManager.newBaseManager()) {
            Network teacher = identityTeacher();
            HistoryModel history = new HistoryModel(TinyNetworks.network("history", 6, false), 0.1, new long[] {10}, 100, true);
            Set<StepInput> needed = EnumSet.of(StepInput.STUDENT, StepInput.TEACHER, StepInput.TEACHER_LCR, StepInput.NEGATIVES);
            try (DistillationStep step = new DistillationStep(new DistillationStep.Parts(teacher, 1.0, history, halves(), null, null),
                    needed, false, 3)) {
                NDArray lq = m.randomUniform(0, 1, new Shape(2, 3, 8, 8));
                StepContext t = new StepContext(m, 1).set(StepInput.LQ, lq).set(StepInput.GT, lq);
                step.frozenTargets(t);
                assertArrayEquals(lq.toFloatArray(), t.teacher().toFloatArray(), 1e-5f);
                assertArrayEquals(lq.toFloatArray(), t.tensor(StepInput.TEACHER_LCR).toFloatArray(), 1e-5f,
                        "every op of lcr (p = 1) is undone on the identity teacher's output");
                NDList negatives = t.list(StepInput.NEGATIVES);
                assertEquals(2, negatives.size());
                assertArrayEquals(history.network().forward(lq.div(2f), false).toFloatArray(), negatives.get(1).toFloatArray(), 1e-6f);
                assertFalse(negatives.get(0).hasGradient() || t.teacher().hasGradient(), "frozen outputs carry no gradient");
                assertFalse(t.has(StepInput.ENCODED_TEACHER), "no term declared it");
            }
        }
    }

    @Test
    void aSupervisedStepComputesNothingAndCheckpointsNothing() {
        try (NDManager m = NDManager.newBaseManager(); DistillationStep none = DistillationStep.none()) {
            StepContext t = new StepContext(m, 1).set(StepInput.LQ, m.zeros(new Shape(1, 3, 4, 4)));
            none.frozenTargets(t);
            assertFalse(t.has(StepInput.TEACHER));
            assertTrue(none.checkpointed().isEmpty());
        }
    }
}
