package io.dckd.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dckd.core.data.Batch;
import io.dckd.core.distill.DistillationStep;
import io.dckd.core.spi.StepInput;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import io.dckd.core.nn.TorchAdam;
import io.dckd.core.parallel.GradientAllReduce;
import ai.djl.ndarray.NDArray;
import java.util.ArrayList;

/** One iteration: the update, the EMA blend, and a refused step that changes nothing. */
class TrainingStepTest {

    static Batch batch(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] lq = new float[2 * 3 * 8 * 8];
        float[] gt = new float[lq.length];
        for (int i = 0; i < lq.length; i++) {
            lq[i] = (float) r.nextDouble();
            gt[i] = (float) r.nextDouble();
        }
        return new Batch(2, 8, 8, lq, 8, 8, gt);
    }

    /** A supervised step: EMA decay 0.9, constant learning rate 1e-2. */
    private static TrainingStep step(Network student, Network ema, TorchAdam adam, Objective objective) {
        return new TrainingStep(student, ema, 0.9, objective, adam, new MultiStepLR(1e-2, new long[0], 1),
                DistillationStep.none(), Divergence.defaults());
    }

    private static float[] weights(Network n) {
        return n.parameters().get("weight").getArray().toFloatArray();
    }

    @Test
    void aGoodStepUpdatesTheStudentThenBlendsTheEma() {
        try (Network student = TinyNetworks.network("student", 1, true); Network ema = TinyNetworks.network("ema", 1, false)) {
            ema.copyFrom(student);
            TorchAdam adam = new TorchAdam(student.parameters(), student.manager(), 0.9, 0.99, 1e-8, 0, false);
            Objective objective = Objective.of(List.of(TinyNetworks.l1("l_pix", StepInput.STUDENT, StepInput.GT, -1)));
            TrainingStep step = step(student, ema, adam, objective);
            float[] before = weights(student);
            float[] emaBefore = weights(ema);
            TrainingStep.Result r = step.run(batch(7), 1);
            assertTrue(r.applied(), String.valueOf(r.skipped()));
            assertEquals(r.losses().get("l_pix"), r.losses().get("l_total"), 0.0, "l_total is the sum of the logged terms");
            float[] after = weights(student);
            assertNotEquals(before[0], after[0], "Adam moved the weights");
            float[] emaAfter = weights(ema);
            for (int i = 0; i < after.length; i++) {
                assertEquals(0.9f * emaBefore[i] + 0.1f * after[i], emaAfter[i], 1e-6f, "EMA = d*EMA + (1-d)*student");
            }
            assertEquals(1, adam.steps());
        }
    }

    @Test
    void aNonFiniteLossIsRefusedBeforeAnyUpdate() {
        try (Network student = TinyNetworks.network("student", 1, true); Network ema = TinyNetworks.network("ema", 1, false)) {
            ema.copyFrom(student);
            TorchAdam adam = new TorchAdam(student.parameters(), student.manager(), 0.9, 0.99, 1e-8, 0, false);
            Objective objective = Objective.of(List.of(TinyNetworks.l1("l_pix", StepInput.STUDENT, StepInput.GT, 3)));
            TrainingStep step = step(student, ema, adam, objective);
            float[] before = weights(student);
            float[] emaBefore = weights(ema);
            TrainingStep.Result r = step.run(batch(7), 3);
            assertFalse(r.applied());
            assertTrue(r.skipped().contains("l_pix = NaN"), r.skipped());
            assertEquals(before[0], weights(student)[0], 0f);
            assertEquals(emaBefore[0], weights(ema)[0], 0f);
            assertEquals(0, adam.steps());
            assertTrue(step.run(batch(7), 4).applied(), "the next step goes on");
        }
    }

    @Test
    void termGradientNormsMeasureEachTermAloneAndUpdateNothing() {
        try (Network student = TinyNetworks.network("student", 1, true); Network ema = TinyNetworks.network("ema", 1, false)) {
            ema.copyFrom(student);
            TorchAdam adam = new TorchAdam(student.parameters(), student.manager(), 0.9, 0.99, 1e-8, 0, false);
            Objective objective = Objective.of(List.of(TinyNetworks.l1("l_gt", StepInput.STUDENT, StepInput.GT, -1),
                    TinyNetworks.l1("l_lq", StepInput.STUDENT, StepInput.LQ, -1),
                    TinyNetworks.l1("l_gt_again", StepInput.STUDENT, StepInput.GT, -1)));
            TrainingStep step = step(student, ema, adam, objective);
            float[] before = weights(student);
            Map<String, Double> norms = step.termGradientNorms(batch(7), 1);
            assertEquals(List.of("l_gt", "l_lq", "l_gt_again"), List.copyOf(norms.keySet()));
            assertTrue(norms.get("l_gt") > 0 && Double.isFinite(norms.get("l_gt")), norms.toString());
            assertNotEquals(norms.get("l_gt"), norms.get("l_lq"), 1e-9, "another target, another gradient");
            assertEquals(norms.get("l_gt"), norms.get("l_gt_again"), 1e-9, "no gradient carried over from the term before");
            assertArrayEquals(before, weights(student), "no update");
            assertEquals(0, adam.steps());
        }
    }

    /** A stand-in for the other ranks: zeroes the gradients it is given, reports another rank's fault on request. */
    private static final class FakeRanks implements GradientAllReduce {
        final List<Boolean> localFaults = new ArrayList<>();
        int gradients;
        boolean otherRankFaults;

        @Override
        public int rank() {
            return 0;
        }

        @Override
        public int worldSize() {
            return 2;
        }

        @Override
        public boolean average(List<NDArray> grads, boolean localFault) {
            localFaults.add(localFault);
            gradients = grads.size();
            grads.forEach(g -> g.muli(0));
            return localFault || otherRankFaults;
        }

        @Override
        public void close() {}
    }

    @Test
    void dataParallelAveragesBeforeTheUpdateAndEveryRankSkipsWhenOneFaulted() {
        try (Network student = TinyNetworks.network("student", 1, true); Network ema = TinyNetworks.network("ema", 1, false)) {
            ema.copyFrom(student);
            TorchAdam adam = new TorchAdam(student.parameters(), student.manager(), 0.9, 0.99, 1e-8, 0, false);
            Objective objective = Objective.of(List.of(TinyNetworks.l1("l_pix", StepInput.STUDENT, StepInput.GT, 3)));
            TrainingStep step = step(student, ema, adam, objective);
            FakeRanks ranks = new FakeRanks();
            step.dataParallel(ranks);
            float[] before = weights(student);
            assertTrue(step.run(batch(7), 1).applied());
            assertEquals(student.parameters().size(), ranks.gradients, "every trainable parameter's gradient");
            assertArrayEquals(before, weights(student), "the update used the all-reduced (here zeroed) gradients");
            assertEquals(1, adam.steps());

            ranks.otherRankFaults = true;
            TrainingStep.Result other = step.run(batch(7), 2);
            assertFalse(other.applied());
            assertTrue(other.skipped().contains("another rank"), other.skipped());
            ranks.otherRankFaults = false;

            TrainingStep.Result own = step.run(batch(7), 3);               // this rank's loss is NaN at iteration 3
            assertFalse(own.applied());
            assertTrue(own.skipped().contains("l_pix = NaN"), own.skipped());
            assertEquals(List.of(false, false, true), ranks.localFaults, "a faulted rank still joins the all-reduce, flagged");
            assertEquals(1, adam.steps());
            assertTrue(step.run(batch(7), 4).applied(), "the next step goes on");
        }
    }
}
