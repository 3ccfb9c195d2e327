package io.dckd.core.distill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import io.dckd.core.spi.DistributionMapper;
import io.dckd.core.spi.NegativeSampler;
import io.dckd.core.spi.StepContext;
import io.dckd.core.train.Network;
import io.dckd.core.train.StepExtension;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The DCKD part of one iteration (METHOD.md §8), added to the shared training loop. Only what the
 * configured terms read is computed, each once:
 * <ul>
 *   <li>teacher T (frozen, eval) runs once on {@code cat[lq, lcr(lq)]} (or on lq alone without a
 *       label-consistency term); its second half is reverted → {@code teacher}, {@code teacher_lcr};
 *       with a term reading {@code teacher_feats}, the teacher's declared feature taps of lq come
 *       from the same forward;
 *   <li>negatives: the sampler's {@code [lq, D1(lq) .. Dn(lq)]} go through the history model H in
 *       one batched eval forward → {@code negatives};
 *   <li>encoder E: the teacher output with the codebook distribution and all negatives (features
 *       only, one batch) without gradient; the student output lazily inside the gradient recording,
 *       features and distribution from one pass.
 * <li>DUKD upcycled data ({@link Upcycling}), when a term reads {@code zoom_*}: the teacher on the
 *       zoom-in tiles and on the zoom-out input, frozen; the student on them lazily, with gradient.
 * </ul>
 * Frozen networks run outside the gradient recording, so no graph is built for them. Randomness
 * (label-consistency ops, degradations) comes from a generator seeded by (run seed, iteration), so a
 * resumed run draws what an uninterrupted one would.
 */
public final class DistillationExtension implements StepExtension {

    private final Network teacher;
    private final Optional<Double> lcrProb;
    private final HistoryModel history;
    private final NegativeSampler.Sampler sampler;
    private final DistributionMapper.Mapping mapping;
    private final Set<String> needed;
    private final boolean withDistribution;
    private final long seed;
    private final Upcycling upcycling;
    private NDArray zoomIn;
    private NDArray zoomOut;
    private Network student;
    private Network studentEma;

    /**
     * @param teacher frozen teacher, or null when no term reads a teacher output
     * @param lcrProb per-op probability of the label-consistency transform, when a term reads {@code teacher_lcr}
     * @param history history model, or null when no term reads negatives
     * @param sampler negative-input generator (with {@code history})
     * @param mapping frozen encoder mapping, or null when no term reads {@code encoded_*}
     * @param needed every context name the objective reads
     * @param withDistribution true when a term reads the codebook distribution
     * @param upcycling DUKD's upcycled inputs, or null when no term reads {@code zoom_*}
     */
    public DistillationExtension(Network teacher, Optional<Double> lcrProb, HistoryModel history, NegativeSampler.Sampler sampler,
                                 DistributionMapper.Mapping mapping, Set<String> needed, boolean withDistribution, long seed,
                                 Upcycling upcycling) {
        this.teacher = teacher;
        this.lcrProb = lcrProb;
        this.history = history;
        this.sampler = sampler;
        this.mapping = mapping;
        this.needed = Set.copyOf(needed);
        this.withDistribution = withDistribution;
        this.seed = seed;
        this.upcycling = upcycling;
    }

    /** Tells the extension which networks are the student and its EMA (for the history update). */
    public void bind(Network student, Network studentEma) {
        this.student = student;
        this.studentEma = studentEma;
    }

    /** Called once before the first iteration of a fresh run: H starts as the EMA student. */
    public void initialiseHistory() {
        if (history != null) {
            history.initialise(studentEma);
        }
    }

    @Override
    public void beforeStep(StepContext ctx) {
        SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + ctx.iteration());
        NDArray lq = ctx.tensor(StepContext.LQ);
        boolean wantTeacher = needed.contains(StepContext.TEACHER) || needed.contains(StepContext.TEACHER_LCR)
                || needed.contains(StepContext.ENCODED_TEACHER) || needed.contains(StepContext.TEACHER_FEATS);
        if (wantTeacher) {
            long batch = lq.getShape().get(0);
            NDList taps = new NDList();
            java.util.function.UnaryOperator<NDArray> run = x -> {
                if (!needed.contains(StepContext.TEACHER_FEATS)) {
                    return teacher.forward(x, false);
                }
                NDList all = teacher.forwardAll(x, false);
                for (int i = 1; i < all.size(); i++) {
                    // the taps of lq itself: the first B rows (the label-consistency half follows)
                    NDArray t = all.get(i).getShape().get(0) == batch ? all.get(i) : all.get(i).get(new ai.djl.ndarray.index.NDIndex("0:{}", batch));
                    taps.add(t.stopGradient());
                }
                return all.get(0);
            };
            if (lcrProb.isPresent() && needed.contains(StepContext.TEACHER_LCR)) {
                LcrOps ops = LabelConsistency.sample((int) batch, lcrProb.get(), rng.split());
                NDList both = LabelConsistency.teacherOutputs(lq, ops, run);
                ctx.put(StepContext.TEACHER, both.get(0).stopGradient());
                ctx.put(StepContext.TEACHER_LCR, both.get(1).stopGradient());
            } else {
                ctx.put(StepContext.TEACHER, run.apply(lq).stopGradient());
            }
            if (needed.contains(StepContext.TEACHER_FEATS)) {
                ctx.put(StepContext.TEACHER_FEATS, taps);
            }
            ctx.mark("teacher");
        }
        boolean wantNegatives = needed.contains(StepContext.NEGATIVES) || needed.contains(StepContext.ENCODED_NEGATIVES);
        NDArray negatives = null;
        if (wantNegatives) {
            SplittableRandom negRng = rng.split();
            NDArray inputs = io.dckd.core.nn.Scoped.keepOne(() -> sampler.negativeInputs(lq, negRng));
            negatives = history.network().forward(inputs, false).stopGradient();
            ctx.put(StepContext.NEGATIVES, negatives.split(sampler.count(), 0));
            ctx.mark("history_negatives");
        }
        if (needed.contains(StepContext.ENCODED_TEACHER)) {
            ctx.put(StepContext.ENCODED_TEACHER, frozen(mapping.encode(ctx.tensor(StepContext.TEACHER), withDistribution)));
        }
        if (needed.contains(StepContext.ENCODED_NEGATIVES)) {
            ctx.put(StepContext.ENCODED_NEGATIVES, frozen(mapping.encode(negatives, false)));
        }
        if (mapping != null) {
            ctx.mark("encoder_targets");
        }
        zoomIn = null;
        zoomOut = null;
        if (needed.contains(StepContext.ZOOM_IN_STUDENT) || needed.contains(StepContext.ZOOM_IN_TEACHER)) {
            zoomIn = upcycling.zoomIn(ctx.tensor(StepContext.GT), lq.getShape().get(2), lq.getShape().get(3), rng.split());
            ctx.put(StepContext.ZOOM_IN_TEACHER, teacher.forward(zoomIn, false).stopGradient());
        }
        if (needed.contains(StepContext.ZOOM_OUT_STUDENT) || needed.contains(StepContext.ZOOM_OUT_TEACHER)) {
            zoomOut = upcycling.zoomOut(lq);
            ctx.put(StepContext.ZOOM_OUT_TEACHER, teacher.forward(zoomOut, false).stopGradient());
        }
        if (zoomIn != null || zoomOut != null) {
            ctx.mark("upcycled_teacher");
        }
    }

    @Override
    public void afterStudentForward(StepContext ctx) {
        NDArray in = zoomIn;
        NDArray out = zoomOut;
        if (in != null) {
            ctx.putLazy(StepContext.ZOOM_IN_STUDENT, () -> student.forward(in, true));
        }
        if (out != null) {
            ctx.putLazy(StepContext.ZOOM_OUT_STUDENT, () -> student.forward(out, true));
        }
        if (needed.contains(StepContext.ENCODED_STUDENT)) {
            ctx.putLazy(StepContext.ENCODED_STUDENT, () -> mapping.encode(ctx.tensor(StepContext.STUDENT), withDistribution));
        }
    }

    private static DistributionMapper.Encoded frozen(DistributionMapper.Encoded e) {
        NDList levels = new NDList();
        for (NDArray l : e.levels()) {
            levels.add(l.stopGradient());
        }
        return new DistributionMapper.Encoded(levels, e.distribution() == null ? null : e.distribution().stopGradient());
    }

    @Override
    public void afterUpdate(long iter) {
        if (history != null) {
            history.afterIteration(iter, student, studentEma);
        }
    }

    @Override
    public Map<String, Network> checkpointed() {
        Map<String, Network> m = new LinkedHashMap<>();
        if (history != null) {
            m.put("net_h", history.network());
        }
        return m;
    }
}
