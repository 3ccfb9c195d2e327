package io.dckd.core.pipeline;

import java.io.IOException;
import java.util.Optional;

/**
 * One stage of {@code dckd train}: {@code train} (supervised), or {@code teacher}, {@code codebook},
 * {@code distill}, {@code evaluate} and {@code export} for distillation. A finished stage leaves a
 * marker ({@code stages/<name>.done} with its outputs) and is skipped on re-run.
 */
public interface Stage {

    /** Its name in {@code stages} and in its marker. */
    String name();

    /** True when it finished earlier with what the config asks now (by default: its marker exists). */
    default boolean finished(StageMarker markers) {
        return markers.done(name()).isPresent();
    }

    /**
     * For training stages: finished when its marker records at least {@code wanted} iterations (a run
     * whose {@code total_iter} was raised resumes from its last checkpoint).
     */
    static boolean trainedTo(StageMarker markers, String name, long wanted) {
        return markers.done(name).map(m -> !(m.get("iterations") instanceof Number n) || n.longValue() >= wanted).orElse(false);
    }

    /** Runs it and leaves its marker; returns the report to print at the end of the run, if it makes one. */
    Optional<String> run() throws IOException;
}
