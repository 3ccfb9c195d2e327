package io.dckd.tasks.degrade;

import io.dckd.core.image.RgbImage;

/** BasicSR's {@code mod_crop}: crops the bottom/right so width and height are multiples of scale. */
public final class ModCrop {
    private ModCrop() {}

    public static RgbImage apply(RgbImage img, int scale) {
        int w = img.width() - img.width() % scale, h = img.height() - img.height() % scale;
        if (w == img.width() && h == img.height()) {
            return img;
        }
        if (w == 0 || h == 0) {
            throw new IllegalArgumentException("image " + img.width() + "x" + img.height() + " is smaller than the scale " + scale);
        }
        return img.crop(0, 0, w, h);
    }
}
