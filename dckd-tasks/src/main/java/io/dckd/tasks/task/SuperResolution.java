package io.dckd.tasks.task;

import io.dckd.core.image.RgbImage;
import io.dckd.tasks.degrade.BicubicDegradation;
import java.util.SplittableRandom;

/** The configured {@code sr} task (see {@link SrTask}). */
public final class SuperResolution extends ImageRestorationTask {

    public SuperResolution(int scale) {
        super(scale, scale, true);
    }

    @Override
    protected boolean deterministic() {
        return true;
    }

    @Override
    public RgbImage degrade(RgbImage gt, SplittableRandom rng) {
        return BicubicDegradation.downscale(gt, scale());
    }

    @Override
    public RgbImage baseline(RgbImage lq) {
        return BicubicDegradation.upscale(lq, scale());
    }
}
