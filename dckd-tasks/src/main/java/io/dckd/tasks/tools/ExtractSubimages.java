package io.dckd.tasks.tools;

import com.typesafe.config.ConfigOriginFactory;
import io.dckd.core.image.RgbImage;
import io.dckd.tasks.data.ImageFolder;
import io.dckd.tasks.io.ImageFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * BasicSR's {@code scripts/data_preparation/extract_subimages.py}: crops every image of a folder into
 * {@code cropSize}² sub-images on a grid of stride {@code step}; when the remainder past the last grid
 * position exceeds {@code threshSize}, one more crop flush with the border is added. Sub-image k (from 1,
 * row-major) of {@code name.ext} is saved as {@code name_s%03d.png}. For matching LR folders call it
 * with crop, step and threshold divided by the scale (e.g. 480/240/0 for GT, 120/60/0 for x4 LR).
 * Unreadable images and images smaller than the crop are skipped with a warning.
 */
public final class ExtractSubimages {
    private static final Logger LOG = LoggerFactory.getLogger(ExtractSubimages.class);

    private ExtractSubimages() {}

    /** Grid start positions along one axis (BasicSR's h_space / w_space). */
    static List<Integer> positions(int length, int crop, int step, int thresh) {
        List<Integer> out = new ArrayList<>();
        for (int p = 0; p <= length - crop; p += step) {
            out.add(p);
        }
        if (!out.isEmpty() && length - (out.get(out.size() - 1) + crop) > thresh) {
            out.add(length - crop);
        }
        return out;
    }

    /**
     * @return number of sub-images written
     */
    public static int run(Path inputFolder, Path saveFolder, int cropSize, int step, int threshSize) throws IOException {
        int written = 0;
        for (Path f : ImageFolder.list(inputFolder, "input folder", ConfigOriginFactory.newSimple("extract_subimages"))) {
            Optional<RgbImage> read = ReadableImages.readOrSkip(f, LOG);
            if (read.isEmpty()) {
                continue;
            }
            RgbImage img = read.get();
            List<Integer> ys = positions(img.height(), cropSize, step, threshSize);
            List<Integer> xs = positions(img.width(), cropSize, step, threshSize);
            if (ys.isEmpty() || xs.isEmpty()) {
                LOG.warn("skipping {}: {}x{} is smaller than the crop {}", f, img.width(), img.height(), cropSize);
                continue;
            }
            int index = 0;
            String stem = ImageFiles.stem(f);
            for (int y : ys) {
                for (int x : xs) {
                    index++;
                    ImageFiles.write(img.crop(x, y, cropSize, cropSize), saveFolder.resolve(String.format("%s_s%03d.png", stem, index)));
                    written++;
                }
            }
        }
        return written;
    }
}
