package io.dckd.tasks.task;

import io.dckd.core.image.RgbImage;
import io.dckd.tasks.degrade.BlurKernels;
import io.dckd.tasks.degrade.Convolution;
import java.util.SplittableRandom;

/**
 * The configured {@code deblur} task: per image, a kernel type (for {@code mixed}: Gaussian or motion
 * with p = ½), then σ ~ U(sigma_range) or length ~ U(motion_length_range), angle ~
 * U(motion_angle_range); LQ = GT ⊛ kernel (reflect-101 borders), rounded to 8 bits.
 */
public final class Deblurring extends SameSizeRestorationTask {
    private final String kernel;
    private final int size;
    private final double[] sigma, length, angle;

    public Deblurring(String kernel, int size, double[] sigma, double[] length, double[] angle) {
        super(false);
        this.kernel = kernel;
        this.size = size;
        this.sigma = sigma;
        this.length = length;
        this.angle = angle;
    }

    /** The kernel drawn for one image. */
    public double[] drawKernel(SplittableRandom rng) {
        boolean motion = kernel.equals("motion") || (kernel.equals("mixed") && rng.nextBoolean());
        return motion ? BlurKernels.motion(size, UniformDraw.from(rng, length), UniformDraw.from(rng, angle))
                : BlurKernels.gaussian(size, UniformDraw.from(rng, sigma));
    }

    @Override
    public RgbImage degrade(RgbImage gt, SplittableRandom rng) {
        return Convolution.filter(gt, drawKernel(rng), size).quantized();
    }
}
