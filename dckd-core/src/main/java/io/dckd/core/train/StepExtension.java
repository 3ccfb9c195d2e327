package io.dckd.core.train;

import io.dckd.core.spi.StepContext;
import java.util.Map;

/**
 * Adds work to the training step without changing the trainer: a distillation extension puts the
 * teacher output, the negatives and the encoder passes into the {@link StepContext} (lazily, outside
 * gradient recording) and updates its history model after the optimiser step.
 */
public interface StepExtension {

    /** Called before the student forward, outside gradient recording. */
    default void beforeStep(StepContext ctx) {}

    /** Called after the student's gradient has been recorded (inside the collector), before the loss. */
    default void afterStudentForward(StepContext ctx) {}

    /** Called after the optimiser update and the EMA update of iteration {@code iter}. */
    default void afterUpdate(long iter) {}

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
