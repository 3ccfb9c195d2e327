package io.dckd.core.pipeline;

import io.dckd.core.io.Json;
import io.dckd.core.train.MetricsLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;

/**
 * Records that a pipeline stage finished ({@code stages/<name>.done}, a small JSON object with the
 * stage's outputs), so a re-run skips it and an interrupted pipeline resumes where it stopped.
 */
public final class StageMarker {

    private final Path dir;

    public StageMarker(Path runRoot) {
        this.dir = runRoot.resolve("stages");
    }

    /** The outputs of a finished stage, or empty. */
    public Optional<Map<String, Object>> done(String stage) {
        Path f = dir.resolve(stage + ".done");
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(MetricsLog.parse(Files.readString(f)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Marks a stage finished (atomically). */
    public void finish(String stage, Map<String, Object> outputs) {
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve(stage + ".done.tmp");
            Files.writeString(tmp, Json.line(outputs));
            Files.move(tmp, dir.resolve(stage + ".done"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the end of stage " + stage + ": " + e.getMessage(), e);
        }
    }

    /** Forgets that {@code stage} finished, so that the next run does it again. */
    public void forget(String stage) {
        try {
            Files.deleteIfExists(dir.resolve(stage + ".done"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reset stage " + stage + ": " + e.getMessage(), e);
        }
    }
}
