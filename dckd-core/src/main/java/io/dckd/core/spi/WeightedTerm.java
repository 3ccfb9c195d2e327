package io.dckd.core.spi;

import ai.djl.ndarray.NDArray;
import java.util.List;

/** A configured loss term: its name in logs and metrics, weight and computation. */
public interface WeightedTerm {

    /** Name in logs and metrics, e.g. {@code l_pix}, {@code l_kd}, {@code l_cl}. */
    String name();

    /** {@code loss_weight}. */
    double weight();

    /** What this term reads, e.g. {@code [student, gt]}: the step computes exactly what the terms declare. */
    List<StepInput> inputs();

    /**
     * The unweighted scalar loss for this step. The student output carries gradient; everything
     * else must not.
     */
    NDArray compute(StepContext context);

    /**
     * True if the term reads the codebook distribution of {@link StepInput#ENCODED_STUDENT} /
     * {@link StepInput#ENCODED_TEACHER} (the step then asks the encoder for it).
     */
    default boolean needsDistribution() {
        return false;
    }

    /** The rendered form for the objective line, e.g. {@code L1(student,gt)}. */
    default String formula() {
        return name() + "(" + String.join(",", inputs().stream().map(StepInput::key).toList()) + ")";
    }
}
