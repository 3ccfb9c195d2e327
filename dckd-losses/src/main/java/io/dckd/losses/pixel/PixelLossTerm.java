package io.dckd.losses.pixel;

import ai.djl.ndarray.NDArray;
import io.dckd.core.nn.Scratch;
import io.dckd.core.spi.StepContext;
import io.dckd.core.spi.StepInput;
import io.dckd.losses.ConfiguredTerm;
import io.dckd.losses.Reduction;
import java.util.List;

/**
 * A configured pixel term: {@code reduce(criterion(ctx[pred], ctx[target]))}, e.g. the mean of
 * |student − gt| over all B·C·H·W elements (BasicSR {@code L1Loss}, reduction mean). The value is
 * unweighted; the objective multiplies by {@link #weight()}.
 */
public final class PixelLossTerm extends ConfiguredTerm {

    private final PixelCriterion criterion;
    private final double eps;
    private final Reduction reduction;
    private final StepInput pred;
    private final StepInput target;

    PixelLossTerm(String name, double weight, PixelCriterion criterion, double eps, Reduction reduction, StepInput pred, StepInput target) {
        super(name, weight, List.of(pred, target));
        this.criterion = criterion;
        this.eps = eps;
        this.reduction = reduction;
        this.pred = pred;
        this.target = target;
    }

    /**
     * The pure loss: {@code reduction(criterion(pred, target))}, a scalar in pred's manager.
     * Shapes must match (no broadcasting, as a pixel loss never broadcasts on purpose).
     */
    public static NDArray loss(PixelCriterion criterion, NDArray pred, NDArray target, double eps, Reduction reduction) {
        if (!pred.getShape().equals(target.getShape())) {
            throw new IllegalArgumentException(criterion.symbol() + " loss: prediction " + pred.getShape()
                    + " and target " + target.getShape() + " differ in shape");
        }
        return Scratch.compute(pred.getManager(),
                () -> reduction.apply(criterion.elementwise(pred, target, eps)));
    }

    @Override
    public NDArray compute(StepContext context) {
        NDArray p = context.tensor(pred);
        NDArray t = context.tensor(target);
        if (!p.getShape().equals(t.getShape())) {
            throw new IllegalStateException(name() + ": '" + pred + "' " + p.getShape() + " and '" + target + "' "
                    + t.getShape() + " differ in shape");
        }
        return Scratch.compute(context.manager(),
                () -> reduction.apply(criterion.elementwise(p, t, eps)));
    }

    @Override
    public String formula() {
        return criterion.symbol() + "(" + pred + "," + target + ")";
    }

    /** The criterion. */
    public PixelCriterion criterion() {
        return criterion;
    }

    /** The reduction. */
    public Reduction reduction() {
        return reduction;
    }

    @Override
    protected String details() {
        return formula() + (reduction == Reduction.MEAN ? "" : " [" + reduction.configName() + "]");
    }
}
