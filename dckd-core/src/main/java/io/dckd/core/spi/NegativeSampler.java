package io.dckd.core.spi;

import ai.djl.ndarray.NDArray;
import java.util.SplittableRandom;
import org.pf4j.ExtensionPoint;

/**
 * SPI: makes the inputs whose history-model outputs serve as contrastive negatives (DCKD's dynamic
 * negative sample generator, METHOD.md §2). Config: {@code train.negative_sampler { type = ... }}.
 */
public interface NegativeSampler extends ExtensionPoint {

    /** The registry key. */
    String type();

    /** Builds the sampler. */
    Sampler create(ComponentSpec spec);

    /** A configured sampler. */
    interface Sampler {
        /** Number of negative inputs per sample, the clean lq included (official: num_neg + 1 = 5). */
        int count();

        /**
         * The negative inputs for {@code lq} (B×3×h×w), concatenated along the batch axis in order
         * {@code [lq, D1(lq), ..., Dn(lq)]}: shape (count·B)×3×h×w, in lq's manager, no gradient.
         * Deterministic given {@code rng}.
         */
        NDArray negativeInputs(NDArray lq, SplittableRandom rng);
    }
}
