package io.dckd.core.train;

import io.dckd.core.image.Png;
import io.dckd.core.image.RgbImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The validation outputs that {@code val.save_img = true} keeps, where BasicSR keeps them:
 * {@code <run>/visualization/<set>/<image>_<iter>.png}, 8-bit PNG.
 */
public final class ValidationImages {

    private final Path dir;

    /** Images go under {@code dir} (the run's {@code visualization/}). */
    public ValidationImages(Path dir) {
        this.dir = dir;
    }

    /** The file of {@code image} of {@code set} validated at {@code iter}. */
    public Path file(String set, String image, long iter) {
        return dir.resolve(safe(set)).resolve(safe(image) + "_" + iter + ".png");
    }

    /** Writes {@code restored} (atomically: a partly written PNG is never left under the final name). */
    public void write(String set, String image, long iter, RgbImage restored) {
        Path file = file(set, image, iter);
        try {
            Png.write(restored, file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the validation image " + file + ": " + e.getMessage(), e);
        }
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
