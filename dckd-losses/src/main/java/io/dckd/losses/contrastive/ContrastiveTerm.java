package io.dckd.losses.contrastive;

import ai.djl.ndarray.NDArray;
import io.dckd.core.spi.DistributionMapper.Encoded;
import io.dckd.core.spi.StepContext;
import io.dckd.core.spi.WeightedTerm;
import java.util.Arrays;
import java.util.List;

/** A configured {@link ContrasLoss}: reads the encoded student, teacher and negatives of the step. */
public final class ContrastiveTerm implements WeightedTerm {

    private static final List<String> INPUTS =
            List.of(StepContext.ENCODED_STUDENT, StepContext.ENCODED_TEACHER, StepContext.ENCODED_NEGATIVES);

    private final String name;
    private final double weight;
    private final double[] levelWeights;
    private final double eps;
    private final Distance distance;

    ContrastiveTerm(String name, double weight, double[] levelWeights, double eps, Distance distance) {
        this.name = name;
        this.weight = weight;
        this.levelWeights = levelWeights.clone();
        this.eps = eps;
        this.distance = distance;
    }

    @Override
    public NDArray compute(StepContext context) {
        Encoded anchor = context.get(StepContext.ENCODED_STUDENT, Encoded.class);
        Encoded positive = context.get(StepContext.ENCODED_TEACHER, Encoded.class);
        Encoded negatives = context.get(StepContext.ENCODED_NEGATIVES, Encoded.class);
        NDArray loss = ContrasLoss.contrastive(anchor.levels(), positive.levels(), negatives.levels(), levelWeights, eps, distance);
        loss.attach(context.manager());
        return loss;
    }

    /** w_l, one per encoder level. */
    public double[] levelWeights() {
        return levelWeights.clone();
    }

    /** The distance function. */
    public Distance distance() {
        return distance;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public double weight() {
        return weight;
    }

    @Override
    public List<String> inputs() {
        return INPUTS;
    }

    @Override
    public String formula() {
        return ContrasLoss.TYPE;
    }

    @Override
    public String toString() {
        return name + " = " + weight + "*" + ContrasLoss.TYPE + "(d_func=" + distance + ", level_weights="
                + Arrays.toString(levelWeights) + ", eps=" + eps + ")";
    }
}
