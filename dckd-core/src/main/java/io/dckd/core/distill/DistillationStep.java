package io.dckd.core.distill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import io.dckd.core.nn.Scoped;
import io.dckd.core.spi.DistributionMapper;
import io.dckd.core.spi.NegativeSampler;
import io.dckd.core.spi.StepContext;
import io.dckd.core.spi.StepInput;
import io.dckd.core.train.Network;
import io.dckd.core.train.TrainingListener;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/**
 * The distillation half of one training iteration (official {@code DCKDModel.optimize_parameters};
 * paper §3): the frozen networks and what they compute for the loss terms. It computes exactly the
 * {@link StepInput}s the configured terms declare, each once, in one batched pass per network:
 * <ol>
 *   <li>{@link #frozenTargets}, outside the gradient recording: T on {@code cat[x, lcr(x)]}, the second
 *       half reverted (label consistency, {@code train.noisy.prob}) → {@code teacher}, {@code teacher_lcr}
 *       (+ the teacher's feature taps of x); the history model H on the sampler's
 *       {@code [x, D_1(x) .. D_n(x)]} → {@code negatives} (the dynamic negatives of METHOD.md §2); the frozen
 *       encoder E on T(x) (with the codebook distribution) and on all negatives (features only) →
 *       {@code encoded_teacher}, {@code encoded_negatives}; DUKD's upcycled inputs through T;
 *   <li>{@link #studentTargets}, inside the recording, after S(x), computed when a term first reads it: E(S(x)) → {@code encoded_student}
 *       (levels and distribution from one pass, gradient flowing to the student); S on the upcycled inputs;
 *   <li>{@link #afterUpdate}, after Adam and the EMA: H ← α·H + (1−α)·S_ema on its schedule (paper Eq. 6; the official code blends the EMA student, {@link HistoryModel}).
 * </ol>
 * Randomness (label-consistency ops, degradations, zoom tiles) comes from a generator seeded by (run
 * seed, iteration), so a resumed run draws what an uninterrupted one would. A supervised run uses
 * {@link #none()}: no frozen network, nothing computed.
 */
public final class DistillationStep implements TrainingListener, AutoCloseable {

    /** The frozen parts; null where no configured term reads what the part computes. */
    public record Parts(Network teacher, double lcrProb, HistoryModel history, NegativeSampler.Sampler sampler,
                        DistributionMapper.Mapping mapping, Upcycling upcycling) {
        /** No frozen network: supervised training. */
        public static Parts none() {
            return new Parts(null, 0, null, null, null, null);
        }
    }

    /** How an iteration's label-consistency selections are drawn (a parity test replays the official code's draw). */
    @FunctionalInterface
    public interface LcrDraw {
        /** The selections for a batch of {@code batch}, from {@code rng}. */
        LcrOps draw(int batch, SplittableRandom rng);
    }

    private final Parts parts;
    private final LcrDraw lcrDraw;
    private final Set<StepInput> needed;
    private final boolean withDistribution;
    private final long seed;
    private NDArray zoomIn;
    private NDArray zoomOut;

    /**
     * @param needed every input the objective reads ({@link io.dckd.core.train.Objective#inputs()})
     * @param withDistribution true when a term reads the codebook distribution
     */
    public DistillationStep(Parts parts, Set<StepInput> needed, boolean withDistribution, long seed) {
        this(parts, (batch, rng) -> LabelConsistency.sample(batch, parts.lcrProb(), rng), needed, withDistribution, seed);
    }

    /** A step whose label-consistency selections come from {@code lcrDraw} instead of Bernoulli({@code lcrProb}) draws. */
    public DistillationStep(Parts parts, LcrDraw lcrDraw, Set<StepInput> needed, boolean withDistribution, long seed) {
        this.parts = parts;
        this.lcrDraw = lcrDraw;
        this.needed = needed.isEmpty() ? EnumSet.noneOf(StepInput.class) : EnumSet.copyOf(needed);
        this.withDistribution = withDistribution;
        this.seed = seed;
    }

    /** Supervised training: the step computes nothing beyond S(x). */
    public static DistillationStep none() {
        return new DistillationStep(Parts.none(), Set.of(), false, 0);
    }

    /** The frozen parts. */
    public Parts parts() {
        return parts;
    }

    /** True when a term reads {@code input}. */
    public boolean needs(StepInput input) {
        return needed.contains(input);
    }

    /** Before the first iteration of a fresh run: H starts as an exact copy of the EMA student (official {@code update_model_ema(0)}). */
    public void start(Network studentEma) {
        if (parts.history() != null) {
            parts.history().initialise(studentEma);
        }
    }

    /** Step 1, no gradient: the teacher's outputs, the dynamic negatives and their encodings. */
    public void frozenTargets(StepContext t) {
        SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + t.iteration());
        NDArray lq = t.lq();
        if (needs(StepInput.TEACHER) || needs(StepInput.TEACHER_LCR) || needs(StepInput.ENCODED_TEACHER) || needs(StepInput.TEACHER_FEATS)) {
            teacherOutputs(t, lq, rng);
            t.mark("teacher");
        }
        NDArray negatives = null;
        if (needs(StepInput.NEGATIVES) || needs(StepInput.ENCODED_NEGATIVES)) {
            SplittableRandom negRng = rng.split();
            NDArray inputs = Scoped.keepOne(() -> parts.sampler().negativeInputs(lq, negRng));
            negatives = parts.history().runner().forward(inputs, false).stopGradient();
            t.set(StepInput.NEGATIVES, negatives.split(parts.sampler().count(), 0));
            t.mark("history_negatives");
        }
        if (needs(StepInput.ENCODED_TEACHER)) {
            t.set(StepInput.ENCODED_TEACHER, frozen(parts.mapping().encodeFrozen(t.teacher(), withDistribution)));
        }
        if (needs(StepInput.ENCODED_NEGATIVES)) {
            t.set(StepInput.ENCODED_NEGATIVES, frozen(parts.mapping().encodeFrozen(negatives, false)));
        }
        if (parts.mapping() != null) {
            t.mark("encoder_targets");
        }
        upcycledTeacher(t, lq, rng);
    }

    /** T once on cat[x, lcr(x)] (or x alone); the second half reverted; the taps of x when a term reads them. */
    private void teacherOutputs(StepContext t, NDArray lq, SplittableRandom rng) {
        long batch = lq.getShape().get(0);
        NDList taps = new NDList();
        UnaryOperator<NDArray> teacher = x -> {
            if (!needs(StepInput.TEACHER_FEATS)) {
                return parts.teacher().forward(x, false);
            }
            NDList all = parts.teacher().forwardAll(x, false);
            for (int i = 1; i < all.size(); i++) {
                // the taps of x itself: the first B rows (the label-consistency half follows)
                NDArray tap = all.get(i).getShape().get(0) == batch ? all.get(i) : all.get(i).get(new NDIndex("0:{}", batch));
                taps.add(tap.stopGradient());
            }
            return all.get(0);
        };
        if (needs(StepInput.TEACHER_LCR)) {
            LcrOps ops = lcrDraw.draw((int) batch, rng.split());
            NDList both = LabelConsistency.teacherOutputs(lq, ops, teacher);
            t.set(StepInput.TEACHER, both.get(0).stopGradient());
            t.set(StepInput.TEACHER_LCR, both.get(1).stopGradient());
        } else {
            t.set(StepInput.TEACHER, teacher.apply(lq).stopGradient());
        }
        if (needs(StepInput.TEACHER_FEATS)) {
            t.set(StepInput.TEACHER_FEATS, taps);
        }
    }

    /** DUKD's upcycled data: the teacher on zoom-in tiles of y and on x shrunk by the scale. */
    private void upcycledTeacher(StepContext t, NDArray lq, SplittableRandom rng) {
        zoomIn = null;
        zoomOut = null;
        if (needs(StepInput.ZOOM_IN_STUDENT) || needs(StepInput.ZOOM_IN_TEACHER)) {
            zoomIn = parts.upcycling().zoomIn(t.gt(), lq.getShape().get(2), lq.getShape().get(3), rng.split());
            t.set(StepInput.ZOOM_IN_TEACHER, parts.teacher().forward(zoomIn, false).stopGradient());
        }
        if (needs(StepInput.ZOOM_OUT_STUDENT) || needs(StepInput.ZOOM_OUT_TEACHER)) {
            zoomOut = parts.upcycling().zoomOut(lq);
            t.set(StepInput.ZOOM_OUT_TEACHER, parts.teacher().forward(zoomOut, false).stopGradient());
        }
        if (zoomIn != null || zoomOut != null) {
            t.mark("upcycled_teacher");
        }
    }

    /** Step 2, inside the gradient recording after S(x): what is computed from the student, with gradient, when a term first reads it. */
    public void studentTargets(StepContext t, Network student) {
        // computed when the first term reads them, in the terms' order (see StepContext#setLazy)
        NDArray in = zoomIn;
        NDArray out = zoomOut;
        if (in != null && needs(StepInput.ZOOM_IN_STUDENT)) {
            t.setLazy(StepInput.ZOOM_IN_STUDENT, () -> student.forward(in, true));
        }
        if (out != null && needs(StepInput.ZOOM_OUT_STUDENT)) {
            t.setLazy(StepInput.ZOOM_OUT_STUDENT, () -> student.forward(out, true));
        }
        if (needs(StepInput.ENCODED_STUDENT)) {
            t.setLazy(StepInput.ENCODED_STUDENT, () -> parts.mapping().encode(t.student(), withDistribution));
        }
    }

    /** Step 3, after the optimiser and EMA updates of iteration {@code it}: the history model's refresh. */
    public void afterUpdate(long it, Network student, Network studentEma) {
        if (parts.history() != null) {
            parts.history().afterIteration(it, student, studentEma);
        }
    }

    private static DistributionMapper.Encoded frozen(DistributionMapper.Encoded e) {
        NDList levels = new NDList();
        for (NDArray l : e.levels()) {
            levels.add(l.stopGradient());
        }
        return new DistributionMapper.Encoded(levels, e.codeLogits() == null ? null : e.codeLogits().stopGradient());
    }

    @Override
    public Map<String, Network> checkpointed() {
        Map<String, Network> m = new LinkedHashMap<>();
        if (parts.history() != null) {
            m.put("net_h", parts.history().network());
        }
        return m;
    }

    /** After a resume loaded the fp32 history master ({@code net_h}): its cast copy follows. */
    @Override
    public void restore(Map<String, Object> state) {
        if (parts.history() != null) {
            parts.history().sync();
        }
    }

    /** Closes the frozen networks and the encoder. */
    @Override
    public void close() {
        if (parts.teacher() != null) {
            parts.teacher().close();
        }
        if (parts.history() != null) {
            parts.history().close();
        }
        if (parts.mapping() != null) {
            parts.mapping().close();
        }
    }
}
