package io.dckd.core.train;

import io.dckd.core.image.RgbImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.imageio.ImageIO;

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
        int w = restored.width(), h = restored.height(), plane = w * h;
        int[] q = restored.toUint8();
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < plane; i++) {
            img.setRGB(i % w, i / w, (q[i] << 16) | (q[plane + i] << 8) | q[2 * plane + i]);
        }
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), ".tmp-", ".png");
            try {
                ImageIO.write(img, "png", tmp.toFile());
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the validation image " + file + ": " + e.getMessage(), e);
        }
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
