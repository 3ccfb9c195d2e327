package io.dckd.losses;

import io.dckd.core.spi.StepInput;
import io.dckd.core.spi.WeightedTerm;
import java.util.List;

/**
 * A {@link WeightedTerm} as configured from its section: the name, weight and inputs it was built
 * with, and the objective-line rendering {@code name = weight*details}.
 */
public abstract class ConfiguredTerm implements WeightedTerm {

    private final String name;
    private final double weight;
    private final List<StepInput> inputs;

    /**
     * @param name name in logs and metrics, e.g. {@code l_pix}
     * @param weight {@code loss_weight}
     * @param inputs what the term reads
     */
    protected ConfiguredTerm(String name, double weight, List<StepInput> inputs) {
        this.name = name;
        this.weight = weight;
        this.inputs = List.copyOf(inputs);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final double weight() {
        return weight;
    }

    @Override
    public final List<StepInput> inputs() {
        return inputs;
    }

    /** What follows {@code weight*} in {@link #toString()}: the formula with its settings. */
    protected String details() {
        return formula();
    }

    @Override
    public final String toString() {
        return name + " = " + weight + "*" + details();
    }
}
