package io.dckd.losses.contrastive;

import ai.djl.ndarray.NDArray;
import io.dckd.core.spi.DistributionMapper.Encoded;
import io.dckd.core.spi.StepContext;
import io.dckd.core.spi.StepInput;
import io.dckd.losses.ConfiguredTerm;
import java.util.Arrays;
import java.util.List;

/**
 * A configured {@link ContrasLoss}: reads the encoded student, teacher and negatives of the step, and
 * weighs the levels with its own {@code level_weights} or, when it has none, the encoder's.
 */
public final class ContrastiveTerm extends ConfiguredTerm {

    private final double[] levelWeights;
    private final double eps;
    private final Distance distance;

    ContrastiveTerm(String name, double weight, double[] levelWeights, double eps, Distance distance) {
        super(name, weight, List.of(StepInput.ENCODED_STUDENT, StepInput.ENCODED_TEACHER, StepInput.ENCODED_NEGATIVES));
        this.levelWeights = levelWeights == null ? null : levelWeights.clone();
        this.eps = eps;
        this.distance = distance;
    }

    @Override
    public NDArray compute(StepContext context) {
        Encoded anchor = context.encoded(StepInput.ENCODED_STUDENT);
        Encoded positive = context.encoded(StepInput.ENCODED_TEACHER);
        Encoded negatives = context.encoded(StepInput.ENCODED_NEGATIVES);
        double[] w = levelWeights != null ? levelWeights : anchor.levelWeights();
        if (w == null) {
            throw new IllegalStateException(name() + ": no level_weights set and the encoder gives none");
        }
        NDArray loss = ContrasLoss.contrastive(anchor.levels(), positive.levels(), negatives.levels(), w, eps, distance);
        loss.attach(context.manager());
        return loss;
    }

    /** w_l, one per encoder level, as configured; null when the encoder's own are used. */
    public double[] levelWeights() {
        return levelWeights == null ? null : levelWeights.clone();
    }

    /** The distance function. */
    public Distance distance() {
        return distance;
    }

    @Override
    public String formula() {
        return ContrasLoss.TYPE;
    }

    @Override
    protected String details() {
        return ContrasLoss.TYPE + "(d_func=" + distance + ", level_weights=" + (levelWeights == null ? "the encoder's" : Arrays.toString(levelWeights)) + ", eps=" + eps + ")";
    }
}
