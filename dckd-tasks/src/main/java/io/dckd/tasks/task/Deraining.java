package io.dckd.tasks.task;

import io.dckd.core.image.RgbImage;
import io.dckd.tasks.degrade.RainStreaks;
import java.util.SplittableRandom;

/**
 * The configured {@code derain} task: per image, density, angle and intensity drawn uniformly from
 * their ranges, streaks by {@link RainStreaks}, result rounded to 8 bits.
 */
public final class Deraining extends SameSizeRestorationTask {
    private final double[] density, angle, length, intensity;

    public Deraining(double[] density, double[] angle, double[] length, double[] intensity) {
        super(true);
        this.density = density;
        this.angle = angle;
        this.length = length;
        this.intensity = intensity;
    }

    @Override
    public RgbImage degrade(RgbImage gt, SplittableRandom rng) {
        double d = UniformDraw.from(rng, density);
        double a = UniformDraw.from(rng, angle);
        double i = UniformDraw.from(rng, intensity);
        return RainStreaks.add(gt, d, a, length, i, rng).quantized();
    }
}
