package io.dckd.losses.pixel;

import ai.djl.ndarray.NDArray;
import com.typesafe.config.ConfigException;
import io.dckd.core.spi.ComponentSpec;
import io.dckd.core.spi.StepInput;
import io.dckd.core.spi.WeightedTerm;
import io.dckd.losses.internal.TermConfig;
import io.dckd.losses.internal.TermFactory;

/**
 * Builds {@link PixelLossTerm}s from a section. Keys: {@code loss_weight}, {@code reduction}
 * ({@code mean | sum}), {@code pred}, {@code target}, {@code name}, and {@code eps} for Charbonnier.
 *
 * <p>Which tensors are compared follows the section name unless {@code pred}/{@code target} say
 * otherwise: {@code pixel_opt} → (student, gt) as {@code l_pix}; {@code logits_opt} →
 * (student, teacher) as {@code l_kd}; {@code lcr_opt} → (student, teacher_lcr) as {@code l_lcr}
 * ({@code dckd.losses.sections}). In any other section {@code pred} defaults to {@code student} and
 * {@code target} is required. How {@code teacher_lcr} is made (the probability of each
 * label-consistency op) is a setting of the step, {@code train.noisy.prob}, not of the term.
 */
public abstract class PixelLossFactory extends TermFactory {

    private final PixelCriterion criterion;

    protected PixelLossFactory(String type, PixelCriterion criterion) {
        super(type, type + ": loss_weight * reduce(" + criterion.symbol() + "(pred, target)) (BasicSR basic_loss.py)");
        this.criterion = criterion;
    }

    @Override
    public WeightedTerm create(ComponentSpec spec) {
        // refused before the key check, which would only call it unknown
        if (spec.params().hasPath("noisy")) {
            throw new ConfigException.BadValue(spec.params().getValue("noisy").origin(), spec.path() + ".noisy",
                    "the label-consistency probability is a setting of the step: write train.noisy { prob = ... }"
                    + " (the official YAML's place), not inside " + spec.path());
        }
        return super.create(spec);
    }

    @Override
    protected WeightedTerm build(TermConfig c) {
        StepInput pred = input(c, "pred", c.resolved("pred").orElse(StepInput.STUDENT.key()));
        StepInput target = input(c, "target", c.resolved("target").orElseThrow(() -> c.bad("target",
                "section '" + c.section() + "' has no default target: set target = <step input>, e.g. gt, teacher or teacher_lcr")));
        double eps = criterion == PixelCriterion.CHARBONNIER ? c.getDouble("eps") : 0;
        if (criterion == PixelCriterion.CHARBONNIER && !(eps > 0)) {
            throw c.bad("eps", "must be positive, got " + eps);
        }
        return new PixelLossTerm(c.termName(type()), c.getDouble("loss_weight"), criterion, eps, c.reduction(), pred, target);
    }

    private static StepInput input(TermConfig c, String key, String name) {
        StepInput in = StepInput.find(name).orElseThrow(() -> c.bad(key, "no step input named '" + name + "'; inputs: "
                + String.join(", ", StepInput.keys())));
        if (in.type() != NDArray.class) {
            throw c.bad(key, "'" + name + "' is not an image (it holds " + in.type().getSimpleName() + "); a pixel loss compares images");
        }
        return in;
    }
}
