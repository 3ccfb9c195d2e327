package io.dckd.core.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Moves a run directory aside for {@code --restart}: {@code NAME_archived_2026-12-04T18-30-05} (local
 * time, to the second; {@code -2}, {@code -3} ... when that name is taken), a name that says when
 * instead of a millisecond count.
 */
public final class ArchivedRun {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss");

    private ArchivedRun() {}

    /** The folder {@code dir} would be archived to at {@code now}. */
    public static Path target(Path dir, LocalDateTime now) {
        String base = dir.getFileName() + "_archived_" + STAMP.format(now);
        Path p = dir.resolveSibling(base);
        for (int i = 2; Files.exists(p); i++) {
            p = dir.resolveSibling(base + "-" + i);
        }
        return p;
    }

    /** Moves {@code dir} to its archive name; returns where it went. */
    public static Path archive(Path dir) throws IOException {
        Path to = target(dir, LocalDateTime.now());
        Files.move(dir, to);
        return to;
    }
}
