package io.dckd.core.train;

/**
 * A run stopped by a fault it cannot continue past: too many non-finite steps in a row, a
 * checkpoint or log that cannot be written (full disk, unwritable folder), or a component that
 * failed during a step. The message names the cause, where it happened and the last good
 * checkpoint, which stays intact: fix the cause and continue with {@code dckd train --resume}.
 * The launcher maps it to exit code 1.
 */
public class TrainingStoppedException extends RuntimeException {

    public TrainingStoppedException(String message, Throwable cause) {
        super(message, cause);
    }

    public TrainingStoppedException(String message) {
        super(message);
    }
}
