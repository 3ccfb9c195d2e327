package io.dckd.losses.pixel;

import io.dckd.core.spi.ComponentSpec;
import io.dckd.core.spi.LossTerm;
import io.dckd.core.spi.StepContext;
import io.dckd.core.spi.WeightedTerm;
import io.dckd.losses.Reduction;
import io.dckd.losses.internal.TermConfig;
import io.dckd.losses.lcr.LcrTerm;

/**
 * Builds {@link PixelLossTerm}s from a section. Keys: {@code loss_weight}, {@code reduction}
 * ({@code mean | sum}), {@code pred}, {@code target}, {@code name}, {@code noisy { prob }} (only
 * when {@code target = teacher_lcr}), and {@code eps} for Charbonnier.
 *
 * <p>Which tensors are compared follows the section name unless {@code pred}/{@code target} say
 * otherwise: {@code pixel_opt} → (student, gt) as {@code l_pix}; {@code logits_opt} →
 * (student, teacher) as {@code l_kd}; {@code lcr_opt} → (student, teacher_lcr) as {@code l_lcr}
 * ({@code dckd.losses.sections}). In any other section {@code pred} defaults to {@code student} and
 * {@code target} is required. A term whose target is {@code teacher_lcr} is built as an
 * {@link LcrTerm}, which tells the trainer the {@code noisy.prob} to use.
 */
public abstract class PixelLossFactory implements LossTerm {

    private final String type;
    private final PixelCriterion criterion;

    protected PixelLossFactory(String type, PixelCriterion criterion) {
        this.type = type;
        this.criterion = criterion;
    }

    @Override
    public final String type() {
        return type;
    }

    @Override
    public WeightedTerm create(ComponentSpec spec) {
        TermConfig c = TermConfig.of(spec, type);
        String pred = c.resolved("pred").orElse(StepContext.STUDENT);
        String target = c.resolved("target").orElseThrow(() -> c.bad("target",
                "section '" + c.section() + "' has no default target: set target = <context tensor>, e.g. gt, teacher or teacher_lcr"));
        double eps = criterion == PixelCriterion.CHARBONNIER ? c.getDouble("eps") : 0;
        if (criterion == PixelCriterion.CHARBONNIER && !(eps > 0)) {
            throw c.bad("eps", "must be positive, got " + eps);
        }
        PixelLossTerm term = new PixelLossTerm(c.termName(type), c.getDouble("loss_weight"), criterion, eps,
                c.reduction(), pred, target);
        if (target.equals(StepContext.TEACHER_LCR)) {
            double prob = c.getDouble("noisy.prob");
            if (!(prob >= 0 && prob <= 1)) {
                throw c.bad("noisy.prob", "must be in [0, 1], got " + prob);
            }
            return new LcrTerm(term, prob);
        }
        if (c.userSet("noisy")) {
            throw c.bad("noisy", "noisy only applies to a term whose target is teacher_lcr; this one compares "
                    + pred + " with " + target);
        }
        return term;
    }

    @Override
    public String description() {
        return type + ": loss_weight * reduce(" + criterion.symbol() + "(pred, target)) (BasicSR basic_loss.py)";
    }
}
