package io.dckd.losses.pixel;

/**
 * Label-consistency regularisation term (DUKD; the official DCKD {@code lcr_opt}):
 * {@code mean |student − teacher_lcr|}, where {@code teacher_lcr} is the teacher's output on the
 * randomly inverted/flipped/transposed lq, transformed back ({@link io.dckd.core.distill.LabelConsistency}).
 * Unlike {@code L1Loss}, it compares (student, teacher_lcr) in any section. The per-op, per-sample
 * probability the step draws the ops with is {@code train.noisy.prob} (default 0.5). Defaults:
 * {@code dckd.losses.LabelConsistencyLoss}.
 */
public final class LabelConsistencyLoss extends PixelLossFactory {

    /** Registry entry {@code LabelConsistencyLoss}. */
    public LabelConsistencyLoss() {
        super("LabelConsistencyLoss", PixelCriterion.L1);
    }
}
