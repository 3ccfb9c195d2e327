package io.dckd.tasks.tools;

import com.typesafe.config.ConfigOriginFactory;
import io.dckd.core.image.RgbImage;
import io.dckd.tasks.data.ImageFolder;
import io.dckd.tasks.degrade.BicubicDegradation;
import io.dckd.tasks.degrade.ModCrop;
import io.dckd.tasks.io.ImageFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepares SR training/validation data like BasicSR's {@code generate_bicubic_img} scripts: for every
 * GT image, the MATLAB-bicubic ×1/scale LR image of the GT cropped to a multiple of the scale,
 * rounded to 8 bits and saved as PNG under the same name ({@code name.png}); optionally the cropped GT
 * too. Unreadable files are skipped with a warning naming them.
 */
public final class PrepareTool {
    private static final Logger LOG = LoggerFactory.getLogger(PrepareTool.class);

    private PrepareTool() {}

    /**
     * @param gtFolder input GT images
     * @param lqFolder where the LR PNGs go (created)
     * @param scale down-scaling factor
     * @param croppedGtFolder where to write the GT cropped to a multiple of the scale, or null
     * @return number of images prepared
     */
    public static int run(Path gtFolder, Path lqFolder, int scale, Path croppedGtFolder) throws IOException {
        if (scale < 1) {
            throw new IllegalArgumentException("scale must be >= 1, got " + scale);
        }
        int n = 0;
        for (Path f : ImageFolder.list(gtFolder, "gt folder", ConfigOriginFactory.newSimple("prepare"))) {
            Optional<RgbImage> read = ReadableImages.readOrSkip(f, LOG);
            if (read.isEmpty()) {
                continue;
            }
            RgbImage gt = read.get();
            if (gt.width() < scale || gt.height() < scale) {
                LOG.warn("skipping {}: {}x{} is smaller than the scale {}", f, gt.width(), gt.height(), scale);
                continue;
            }
            String name = ImageFiles.stem(f) + ".png";
            ImageFiles.write(BicubicDegradation.downscale(gt, scale), lqFolder.resolve(name));
            if (croppedGtFolder != null) {
                ImageFiles.write(ModCrop.apply(gt, scale), croppedGtFolder.resolve(name));
            }
            n++;
        }
        LOG.info("prepared {} LR x{} images in {}", n, scale, lqFolder);
        return n;
    }
}
