package io.dckd.tasks.task;

import io.dckd.core.image.RgbImage;
import io.dckd.tasks.degrade.GaussianNoise;
import java.util.SplittableRandom;

/** The configured {@code denoise} task: σ drawn from the list per image, noise by {@link GaussianNoise}. */
public final class Denoising extends ImageRestorationTask {
    private final double[] sigmas;
    private final boolean gray;

    public Denoising(double[] sigmas, boolean gray) {
        super(1, 0, false);
        this.sigmas = sigmas;
        this.gray = gray;
    }

    @Override
    protected boolean deterministic() {
        return false;
    }

    @Override
    public RgbImage degrade(RgbImage gt, SplittableRandom rng) {
        double sigma = sigmas[sigmas.length == 1 ? 0 : rng.nextInt(sigmas.length)];
        return GaussianNoise.add(gt, sigma, gray, rng);
    }

    @Override
    public RgbImage baseline(RgbImage lq) {
        return lq;
    }
}
