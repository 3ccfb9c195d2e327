package io.dckd.losses.distribution;

import ai.djl.ndarray.NDArray;
import io.dckd.core.nn.Scratch;
import io.dckd.core.spi.StepContext;
import io.dckd.core.spi.StepInput;
import io.dckd.losses.ConfiguredTerm;
import io.dckd.losses.Reduction;
import java.util.List;

/** A configured {@link CELoss}: student vs teacher codebook distributions of the step, from their code logits. */
public final class CrossEntropyTerm extends ConfiguredTerm {

    private final CELoss.Mode mode;
    private final double tau;
    private final Reduction reduction;

    CrossEntropyTerm(String name, double weight, CELoss.Mode mode, double tau, Reduction reduction) {
        super(name, weight, List.of(StepInput.ENCODED_STUDENT, StepInput.ENCODED_TEACHER));
        this.mode = mode;
        this.tau = tau;
        this.reduction = reduction;
    }

    @Override
    public NDArray compute(StepContext context) {
        NDArray s = codeLogits(context, StepInput.ENCODED_STUDENT);
        NDArray t = codeLogits(context, StepInput.ENCODED_TEACHER);
        NDArray loss = mode == CELoss.Mode.PAPER ? CELoss.paper(s, t, tau, reduction) : official(s, t);
        loss.attach(context.manager());
        return loss;
    }

    /** The released code's CE on C = softmax(logits) of both sides. */
    private NDArray official(NDArray studentLogits, NDArray teacherLogits) {
        return Scratch.compute(studentLogits.getManager(),
                () -> CELoss.official(studentLogits.softmax(1), teacherLogits.softmax(1), reduction));
    }

    private NDArray codeLogits(StepContext context, StepInput key) {
        NDArray d = context.encoded(key).codeLogits();
        if (d == null) {
            throw new IllegalStateException(name() + ": '" + key + "' was encoded without its codebook distribution;"
                    + " the pipeline must call encode(images, true) when a CELoss term is configured");
        }
        return d;
    }

    /** paper or official. */
    public CELoss.Mode mode() {
        return mode;
    }

    @Override
    public boolean needsDistribution() {
        return true;
    }

    @Override
    public String formula() {
        return mode == CELoss.Mode.OFFICIAL ? "CE(official)" : tau == 1.0 ? "CE" : "CE(tau=" + tau + ")";
    }
}
