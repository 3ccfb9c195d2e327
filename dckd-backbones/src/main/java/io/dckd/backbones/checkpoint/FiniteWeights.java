package io.dckd.backbones.checkpoint;

import ai.djl.ndarray.NDArray;
import io.dckd.core.io.NonFiniteCount;
import io.dckd.core.io.NonFiniteTensorException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reader's rule for NaN and infinite values: a tensor holding any is refused unless the user
 * asked for it ({@link CheckpointOptions#allowNonFinite()}), then it is loaded with a warning.
 *
 * <p>Why here: neither safetensors (its README says tensor values are not checked, NaN and ±Inf
 * included) nor torch.save forbids such values, and a network loaded with one produces NaN
 * everywhere downstream, which becomes a black image and exit status 0. One native count per tensor
 * ({@link NonFiniteCount}) as it is read, before anything uses it.
 */
final class FiniteWeights {

    private static final Logger LOG = LoggerFactory.getLogger(FiniteWeights.class);

    /** What a refused user can do; the option names of the launcher and of a run config. */
    static final String ADVICE = "weights with NaN or infinite values give NaN (black) outputs, so the file is refused;"
            + " to load it anyway pass --allow-non-finite (dckd restore, dckd eval) or set path.allow_non_finite_weights = true";

    private FiniteWeights() {}

    /**
     * Checks {@code a}, the tensor {@code name} of {@code source}.
     *
     * @throws NonFiniteTensorException naming the tensor and its count of NaN and infinite values,
     *     unless {@code allow}
     */
    static void check(NDArray a, String name, String source, boolean allow) throws NonFiniteTensorException {
        long bad = NonFiniteCount.of(a);
        if (bad == 0) {
            return;
        }
        if (!allow) {
            throw new NonFiniteTensorException(source, name, bad, a.size(), ADVICE);
        }
        LOG.warn("{}: tensor '{}' holds {} non-finite values (NaN or infinite) of {}; loaded because non-finite weights are allowed",
                source, name, bad, a.size());
    }
}
