package io.dckd.losses.pixel;

/**
 * Label-consistency regularisation term (DUKD; the official DCKD {@code lcr_opt}):
 * {@code mean |student − teacher_lcr|}, where {@code teacher_lcr} is the teacher's output on the
 * randomly inverted/flipped/transposed lq, transformed back ({@link io.dckd.core.distill.LabelConsistency}).
 * Unlike {@code L1Loss}, it compares (student, teacher_lcr) in any section. The built term is an
 * {@link io.dckd.core.distill.LcrSettings}: {@code noisy { prob }} (default 0.5) is the per-op,
 * per-sample probability the trainer draws with. Defaults: {@code dckd.losses.LabelConsistencyLoss}.
 */
public final class LabelConsistencyLoss extends PixelLossFactory {

    /** Registry entry {@code LabelConsistencyLoss}. */
    public LabelConsistencyLoss() {
        super("LabelConsistencyLoss", PixelCriterion.L1);
    }
}
