package io.dckd.core.spi;

import ai.djl.ndarray.NDArray;
import java.util.List;

/** A configured loss term: its name in logs and metrics, weight and computation. */
public interface WeightedTerm {

    /** Name in logs and metrics, e.g. {@code l_pix}, {@code l_kd}, {@code l_cl}. */
    String name();

    /** {@code loss_weight}. */
    double weight();

    /** The {@link StepContext} names this term reads, e.g. {@code [student, gt]}. */
    List<String> inputs();

    /**
     * The unweighted scalar loss for this step. The student output carries gradient; everything
     * else must not.
     */
    NDArray compute(StepContext context);

    /**
     * True if the term reads the codebook distribution of {@link StepContext#ENCODED_STUDENT} /
     * {@link StepContext#ENCODED_TEACHER} (the pipeline then asks the encoder for it).
     */
    default boolean needsDistribution() {
        return false;
    }

    /** The rendered form for the objective line, e.g. {@code L1(student,gt)}. */
    default String formula() {
        return name() + "(" + String.join(",", inputs()) + ")";
    }
}
