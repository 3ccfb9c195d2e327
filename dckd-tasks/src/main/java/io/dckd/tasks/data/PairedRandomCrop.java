package io.dckd.tasks.data;

import io.dckd.core.data.Sample;
import io.dckd.core.image.RgbImage;
import java.util.SplittableRandom;

/**
 * BasicSR's {@code paired_random_crop} and {@code augment} ({@code basicsr/data/transforms.py}): an
 * LQ patch of {@code gt_size/scale} at a random position and the GT patch at {@code scale} times that
 * position; then hflip (p = ½ if use_hflip), vflip and rot90 = transpose (p = ½ each if use_rot), the
 * same on both images.
 */
public final class PairedRandomCrop {
    private PairedRandomCrop() {}

    /** A random aligned patch pair. */
    public static Sample crop(String name, RgbImage lq, RgbImage gt, int gtSize, int scale, SplittableRandom rng) {
        int lqSize = gtSize / scale;
        if (gt.width() != lq.width() * scale || gt.height() != lq.height() * scale) {
            throw new IllegalArgumentException("Scale mismatches for " + name + ": GT " + gt.width() + "x" + gt.height()
                    + " is not " + scale + "x LQ " + lq.width() + "x" + lq.height());
        }
        if (lq.width() < lqSize || lq.height() < lqSize) {
            throw new IllegalArgumentException("LQ " + lq.width() + "x" + lq.height() + " of " + name
                    + " is smaller than the patch " + lqSize + "x" + lqSize);
        }
        int top = rng.nextInt(lq.height() - lqSize + 1);
        int left = rng.nextInt(lq.width() - lqSize + 1);
        return new Sample(name, lq.crop(left, top, lqSize, lqSize),
                gt.crop(left * scale, top * scale, gtSize, gtSize));
    }

    /** The random flips/rotation of BasicSR's {@code augment}, applied to both images. */
    public static Sample augment(Sample s, boolean useHflip, boolean useRot, SplittableRandom rng) {
        boolean hflip = useHflip && rng.nextDouble() < 0.5;
        boolean vflip = useRot && rng.nextDouble() < 0.5;
        boolean rot90 = useRot && rng.nextDouble() < 0.5;
        return new Sample(s.name(), s.lq().augment(hflip, vflip, rot90), s.gt().augment(hflip, vflip, rot90));
    }
}
