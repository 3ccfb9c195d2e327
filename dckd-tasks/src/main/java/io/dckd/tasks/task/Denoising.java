package io.dckd.tasks.task;

import io.dckd.core.image.RgbImage;
import io.dckd.tasks.degrade.GaussianNoise;
import java.util.SplittableRandom;

/** The configured {@code denoise} task: σ drawn from the list per image, noise by {@link GaussianNoise}. */
public final class Denoising extends SameSizeRestorationTask {
    private final double[] sigmas;
    private final boolean gray;

    public Denoising(double[] sigmas, boolean gray) {
        super(false);
        this.sigmas = sigmas;
        this.gray = gray;
    }

    @Override
    public RgbImage degrade(RgbImage gt, SplittableRandom rng) {
        double sigma = sigmas[sigmas.length == 1 ? 0 : rng.nextInt(sigmas.length)];
        return GaussianNoise.add(gt, sigma, gray, rng);
    }
}
