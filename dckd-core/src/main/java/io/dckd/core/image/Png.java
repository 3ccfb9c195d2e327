package io.dckd.core.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.imageio.ImageIO;

/** Writes PNG files atomically: an {@link RgbImage} as 8-bit RGB ({@link RgbImage#toUint8()} rounding), or any image. */
public final class Png {

    private Png() {}

    /**
     * Writes {@code image} to {@code file} atomically (a temporary file in the same folder, then a
     * move), so a partly written PNG is never left under the final name; creates the folder.
     */
    public static void write(RgbImage image, Path file) throws IOException {
        int w = image.width(), h = image.height(), plane = w * h;
        int[] q = image.toUint8();
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < plane; i++) {
            img.setRGB(i % w, i / w, (q[i] << 16) | (q[plane + i] << 8) | q[2 * plane + i]);
        }
        write(img, file);
    }

    /**
     * Writes {@code img} to {@code file} atomically (a temporary file in the same folder, then a
     * move); creates the folder.
     */
    public static void write(BufferedImage img, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, ".tmp-", ".png");
        try {
            ImageIO.write(img, "png", tmp.toFile());
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
