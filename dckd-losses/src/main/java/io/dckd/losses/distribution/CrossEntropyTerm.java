package io.dckd.losses.distribution;

import ai.djl.ndarray.NDArray;
import io.dckd.core.spi.StepContext;
import io.dckd.core.spi.StepInput;
import io.dckd.losses.ConfiguredTerm;
import io.dckd.losses.Reduction;
import java.util.List;

/** A configured {@link CELoss}: student vs teacher codebook distributions of the step. */
public final class CrossEntropyTerm extends ConfiguredTerm {

    private final CELoss.Mode mode;
    private final double eps;
    private final Reduction reduction;

    CrossEntropyTerm(String name, double weight, CELoss.Mode mode, double eps, Reduction reduction) {
        super(name, weight, List.of(StepInput.ENCODED_STUDENT, StepInput.ENCODED_TEACHER));
        this.mode = mode;
        this.eps = eps;
        this.reduction = reduction;
    }

    @Override
    public NDArray compute(StepContext context) {
        NDArray s = distribution(context, StepInput.ENCODED_STUDENT);
        NDArray t = distribution(context, StepInput.ENCODED_TEACHER);
        NDArray loss = mode == CELoss.Mode.OFFICIAL ? CELoss.official(s, t, reduction) : CELoss.paper(s, t, eps, reduction);
        loss.attach(context.manager());
        return loss;
    }

    private NDArray distribution(StepContext context, StepInput key) {
        NDArray d = context.encoded(key).distribution();
        if (d == null) {
            throw new IllegalStateException(name() + ": '" + key + "' was encoded without its codebook distribution;"
                    + " the pipeline must call encode(images, true) when a CELoss term is configured");
        }
        return d;
    }

    /** official or paper. */
    public CELoss.Mode mode() {
        return mode;
    }

    @Override
    public boolean needsDistribution() {
        return true;
    }

    @Override
    public String formula() {
        return mode == CELoss.Mode.OFFICIAL ? "CE" : "CE(paper)";
    }
}
