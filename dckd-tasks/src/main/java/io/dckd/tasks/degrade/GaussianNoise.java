package io.dckd.tasks.degrade;

import io.dckd.core.image.RgbImage;
import java.util.SplittableRandom;

/**
 * Additive white Gaussian noise of standard deviation {@code sigma/255} (sigma on the 0..255 scale,
 * as in the denoising literature and BasicSR/Restormer's {@code img + N(0, sigma/255)}), not clipped
 * or rounded. Color: independent noise per channel; gray: one noise value shared by R, G, B.
 */
public final class GaussianNoise {
    private GaussianNoise() {}

    public static RgbImage add(RgbImage img, double sigma, boolean gray, SplittableRandom rng) {
        int plane = img.width() * img.height();
        float[] src = img.chw(), out = new float[src.length];
        double s = sigma / 255.0;
        if (gray) {
            for (int i = 0; i < plane; i++) {
                float n = (float) (rng.nextGaussian() * s);
                for (int c = 0; c < 3; c++) {
                    out[c * plane + i] = src[c * plane + i] + n;
                }
            }
        } else {
            for (int i = 0; i < src.length; i++) {
                out[i] = src[i] + (float) (rng.nextGaussian() * s);
            }
        }
        return new RgbImage(img.width(), img.height(), out);
    }
}
