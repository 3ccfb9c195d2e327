package io.dckd.tasks.io;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Chooses the integrity check for the format the decoder recognised in a file's content (not its
 * extension): {@link PngIntegrity}, {@link JpegIntegrity} or {@link BmpIntegrity}. Other formats
 * javax.imageio can read (GIF, TIFF, WBMP) are refused: dckd reads PNG, JPEG and BMP, and WBMP's
 * header is so loose that a PNG or JPEG with a damaged signature can be taken for one and decoded
 * into noise.
 */
final class ImageIntegrity {

    private ImageIntegrity() {}

    /** @param format the decoder's format name ({@code ImageReader.getFormatName()}) */
    static void verify(Path file, String format) throws BadImageException {
        switch (format.toLowerCase(Locale.ROOT)) {
            case "png" -> PngIntegrity.verify(file);
            case "jpeg", "jpg" -> JpegIntegrity.verify(file);
            case "bmp" -> BmpIntegrity.verify(file);
            default -> throw new BadImageException(file, "its content is " + format.toUpperCase(Locale.ROOT)
                    + ", not PNG, JPEG or BMP (a damaged signature, or another format under an image extension)");
        }
    }
}
