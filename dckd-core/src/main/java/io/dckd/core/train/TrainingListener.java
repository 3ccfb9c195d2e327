package io.dckd.core.train;

import java.util.Map;

/**
 * Something that follows a training run and keeps state in its checkpoints, without changing the
 * step: the best-weights keeper ({@link BestWeights}), the distillation step's history model
 * ({@code net_h}).
 */
public interface TrainingListener {

    /**
     * Called after the {@code weights} ("ema" or "raw") in {@code net} were validated at iteration
     * {@code iter} with finite results (e.g. to keep the best weights).
     */
    default void afterValidation(long iter, String weights, Map<String, Validator.SetResult> results, Network net) {}

    /** Networks whose weights belong in checkpoints (e.g. {@code net_h} for the history model). */
    default Map<String, Network> checkpointed() {
        return Map.of();
    }

    /** Extra state for checkpoints (small numbers only). */
    default Map<String, Object> state() {
        return Map.of();
    }

    /** Restores what {@link #state()} returned. */
    default void restore(Map<String, Object> state) {}
}
