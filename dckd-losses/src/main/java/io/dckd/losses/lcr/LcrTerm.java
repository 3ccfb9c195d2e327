package io.dckd.losses.lcr;

import io.dckd.core.distill.LcrSettings;
import ai.djl.ndarray.NDArray;
import io.dckd.core.spi.StepContext;
import io.dckd.core.spi.WeightedTerm;
import java.util.List;

/** A term that reads {@code teacher_lcr}, carrying the LCR probability for the trainer. */
public final class LcrTerm implements WeightedTerm, LcrSettings {

    private final WeightedTerm delegate;
    private final double prob;

    /** Wraps {@code delegate} (which compares against {@code teacher_lcr}) with {@code noisy.prob}. */
    public LcrTerm(WeightedTerm delegate, double prob) {
        if (!(prob >= 0 && prob <= 1)) {
            throw new IllegalArgumentException("noisy.prob must be in [0, 1], got " + prob);
        }
        this.delegate = delegate;
        this.prob = prob;
    }

    @Override
    public double prob() {
        return prob;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public double weight() {
        return delegate.weight();
    }

    @Override
    public List<String> inputs() {
        return delegate.inputs();
    }

    @Override
    public NDArray compute(StepContext context) {
        return delegate.compute(context);
    }

    @Override
    public String formula() {
        return delegate.formula();
    }

    @Override
    public String toString() {
        return delegate + " noisy.prob=" + prob;
    }
}
