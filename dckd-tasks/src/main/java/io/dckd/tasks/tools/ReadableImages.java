package io.dckd.tasks.tools;

import io.dckd.core.image.RgbImage;
import io.dckd.tasks.io.BadImageException;
import io.dckd.tasks.io.ImageFiles;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;

/** How the tools read their input images: a file that does not decode is skipped with a warning, not fatal. */
final class ReadableImages {

    private ReadableImages() {}

    /** {@code file} decoded, or empty after logging on {@code log} why it is skipped. */
    static Optional<RgbImage> readOrSkip(Path file, Logger log) {
        try {
            return Optional.of(ImageFiles.read(file));
        } catch (BadImageException e) {
            log.warn("skipping {}: {}", file, e.getMessage());
            return Optional.empty();
        }
    }
}
