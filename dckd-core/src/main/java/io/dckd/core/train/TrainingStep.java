package io.dckd.core.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import io.dckd.core.data.Batch;
import io.dckd.core.distill.DistillationStep;
import io.dckd.core.nn.Scalars;
import io.dckd.core.nn.TorchAdam;
import io.dckd.core.parallel.GradientAllReduce;
import io.dckd.core.spi.StepContext;
import io.dckd.core.spi.StepInput;
import io.dckd.core.spi.WeightedTerm;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One training iteration, on one screen (BasicSR's {@code optimize_parameters}; the official
 * {@code DCKDModel.optimize_parameters} for distillation): frozen targets, student forward and
 * objective inside one gradient recording, backward, Adam, EMA, history refresh. A supervised run
 * has {@link DistillationStep#none()}, so the same lines train a teacher or a scratch student.
 *
 * <p>A step that {@link StepGuard} refuses (non-finite or exploding loss, overflowing gradient) makes
 * no update; the caller counts it. Every step runs in its own NDManager and NDScope, so resident
 * memory stays flat.
 */
public final class TrainingStep {

    /** What one iteration did: the logged (weighted) loss terms and {@code l_total}; a fault when it was skipped. */
    public record Result(Map<String, Double> losses, String skipped, String diverged) {
        /** True when the update was applied. */
        public boolean applied() {
            return skipped == null;
        }
    }

    private final Network student;
    private final Network ema;
    private final double emaDecay;
    private final Objective objective;
    private final TorchAdam adam;
    private final MultiStepLR lr;
    private final DistillationStep distill;
    private final StepGuard guard;
    private final boolean studentFeats;
    private StepProfile profile;
    private GradientAllReduce ranks;

    public TrainingStep(Network student, Network ema, double emaDecay, Objective objective, TorchAdam adam, MultiStepLR lr,
                        DistillationStep distill, Divergence divergence) {
        this.student = student;
        this.ema = ema;
        this.emaDecay = emaDecay;
        this.objective = objective;
        this.adam = adam;
        this.lr = lr;
        this.distill = distill;
        this.guard = new StepGuard(divergence);
        this.studentFeats = objective.inputs().contains(StepInput.STUDENT_FEATS);
        if (studentFeats && student.backbone().featureTaps().isEmpty()) {
            throw new IllegalStateException("a loss term reads " + StepInput.STUDENT_FEATS + " but the student ["
                    + student.backbone().type() + "] declares no feature taps; turn them on in network_g (e.g. feature_taps = true for RCAN)");
        }
    }

    /** Iteration {@code it} on {@code batch}. */
    public Result run(Batch batch, long it) {
        Map<String, Double> losses = new LinkedHashMap<>();
        String fault;
        if (profile != null) {
            profile.start();
        }
        try (NDManager m = student.manager().newSubManager(); NDScope scope = new NDScope()) {
            StepContext t = context(m, batch, it);
            mark("batch_to_tensor");
            distill.frozenTargets(t);                                  // T(x), T(lcr(x)), H(x), H(D_i(x)), E(...): no gradient
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                studentForward(t);                                     // S(x), train mode
                mark("student_forward");
                distill.studentTargets(t, student);                    // E(S(x)) (+ DUKD zooms): with gradient, when a term reads it
                NDArray loss = objective.total(t, losses);             // L = Σ_t w_t · term_t (paper Eq. 10, + the official LCR term)
                mark("loss");
                fault = guard.lossFault(losses);
                if (fault == null || ranks != null) {
                    gc.backward(loss);                                 // data parallel: every rank joins the all-reduce
                }
                mark("backward");
            }
            if (ranks != null && averageOverRanks(fault != null) && fault == null) {
                fault = "another rank's loss or gradient was refused";
            }
            if (fault == null) {
                fault = guard.gradientFault(student, adam);
            }
            mark("grad_check");
            if (fault == null) {
                adam.step(lr.lr(it));
            }
            mark("optimizer");
            student.zeroGradients();
            mark("zero_grad");
        }
        if (fault != null) {
            return new Result(losses, fault, null);
        }
        guard.applied(losses);
        Ema.blend(ema, student, emaDecay);                            // S_ema ← d·S_ema + (1−d)·S
        mark("ema");
        distill.afterUpdate(it, student, ema);                         // H ← α·H + (1−α)·S_ema on schedule (paper Eq. 6)
        mark("history_update");
        String diverged = guard.weightFault(student);
        mark("state_check");
        return new Result(losses, null, diverged);
    }

    /**
     * The L2 norm, over all the student's parameters, of the gradient that each weighted term alone
     * sends on {@code batch}: one forward and backward per term, no update ({@code dckd bench}'s
     * {@code term_grad_norms}, so a user sees which terms matter). The frozen targets are drawn anew
     * for each term, so random negatives and LCR ops differ between terms.
     */
    public Map<String, Double> termGradientNorms(Batch batch, long it) {
        Map<String, Double> norms = new LinkedHashMap<>();
        for (WeightedTerm term : objective.terms()) {
            try (NDManager m = student.manager().newSubManager(); NDScope scope = new NDScope()) {
                StepContext t = context(m, batch, it);
                distill.frozenTargets(t);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    studentForward(t);
                    distill.studentTargets(t, student);
                    gc.backward(Scalars.mul(term.compute(t), term.weight()));
                }
                double sumOfSquares = 0;
                for (Parameter p : student.parameters().values()) {
                    if (p.getArray().hasGradient()) {
                        try (NDArray g = p.getArray().getGradient()) {
                            sumOfSquares += g.square().sum().getFloat();
                        }
                    }
                }
                norms.put(term.name(), Math.sqrt(sumOfSquares));
            } finally {
                student.zeroGradients();
            }
        }
        return norms;
    }

    private StepContext context(NDManager m, Batch batch, long it) {
        return new StepContext(m, it).withMarker(this::mark)
                .set(StepInput.LQ, images(m, batch.lq(), batch.size(), batch.lqHeight(), batch.lqWidth()))
                .set(StepInput.GT, images(m, batch.gt(), batch.size(), batch.gtHeight(), batch.gtWidth()));
    }

    private void studentForward(StepContext t) {
        if (studentFeats) {
            NDList all = student.forwardAll(t.lq(), true);
            t.set(StepInput.STUDENT, all.get(0));
            t.set(StepInput.STUDENT_FEATS, all.subNDList(1));
        } else {
            t.set(StepInput.STUDENT, student.forward(t.lq(), true));
        }
    }

    private static NDArray images(NDManager m, float[] data, int batch, int h, int w) {
        return m.create(data, new Shape(batch, 3, h, w));
    }

    /** Every full-state check before a checkpoint: student, EMA, the listeners' networks, Adam's moments. */
    String stateFault(List<TrainingListener> listeners) {
        return guard.stateFault(student, ema, listeners, adam);
    }

    /**
     * Data parallel: from now on each step's gradients are averaged over {@code ranks} before the
     * update (see {@link GradientAllReduce} for the batch and learning-rate rule). The batches given to
     * {@link #run} must then be this rank's shard ({@link io.dckd.core.parallel.DataShard}).
     */
    public void dataParallel(GradientAllReduce ranks) {
        this.ranks = ranks;
    }

    /** Averages the student's gradients over the ranks, in parameter order; true when some rank faulted. */
    private boolean averageOverRanks(boolean localFault) {
        List<NDArray> grads = new ArrayList<>();
        try {
            for (Parameter p : student.parameters().values()) {
                if (p.getArray().hasGradient()) {
                    grads.add(p.getArray().getGradient());
                }
            }
            return ranks.average(grads, localFault);
        } finally {
            grads.forEach(NDArray::close);
            mark("all_reduce");
        }
    }

    /** Profiles every following step into {@code profile} (benchmarks). */
    public void profile(StepProfile profile) {
        this.profile = profile;
    }

    private void mark(String segment) {
        StopRequest.check();
        if (profile != null) {
            profile.mark(segment);
        }
    }
}
