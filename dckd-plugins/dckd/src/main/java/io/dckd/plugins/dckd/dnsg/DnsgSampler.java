package io.dckd.plugins.dckd.dnsg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.dckd.core.spi.NegativeSampler;
import java.util.SplittableRandom;

/**
 * A configured DNSG. For lq (B×C×h×w) it returns cat[lq, D1(lq), ..., Dn(lq)] on the batch axis,
 * ((n+1)·B)×C×h×w, where each Di is drawn independently, for the whole batch at once, in the
 * official order (METHOD.md §2.1):
 * <ol>
 *   <li>with p = gaussian_blur_prob: {@link GaussianBlur} with kernel sizes k_h, k_w drawn from the
 *       odd sizes of blur_kernel_range and σ_h, σ_w ~ U(blur_sigma_range) (one kernel per copy);</li>
 *   <li>with p = resize_prob: scale s ~ U(resize_up_range) with p = resize_up_prob, else
 *       U(resize_down_range); resize to (⌊h·s⌋, ⌊w·s⌋) with a mode drawn from resize_modes;</li>
 *   <li>with p = gaussian_noise_prob: {@link GaussianNoise} (per-sample σ, gray noise with
 *       p = gray_noise_prob, clip);</li>
 *   <li>if s ≠ 1: resize back to (h, w) with a freshly drawn mode.</li>
 * </ol>
 * All decisions come from the {@link SplittableRandom} passed in, in a fixed order, so the output
 * is a function of lq and the generator's state. No gradient flows to lq.
 */
public final class DnsgSampler implements NegativeSampler.Sampler {

    private final DnsgOptions options;

    /** A sampler with {@code options}. */
    public DnsgSampler(DnsgOptions options) {
        this.options = options;
    }

    /** The options it was built from. */
    public DnsgOptions options() {
        return options;
    }

    @Override
    public int count() {
        return options.numNeg() + 1;
    }

    @Override
    public NDArray negativeInputs(NDArray lq, SplittableRandom rng) {
        if (lq.getShape().dimension() != 4) {
            throw new IllegalArgumentException("DNSG expects lq as B×C×h×w, got " + lq.getShape());
        }
        NDManager owner = lq.getManager();
        try (NDManager scratch = owner.newSubManager()) {
            NDArray clean = lq.stopGradient();
            clean.attach(scratch);
            NDList parts = new NDList(count());
            parts.add(clean);
            for (int i = 0; i < options.numNeg(); i++) {
                parts.add(degrade(clean, rng));
            }
            NDArray out = NDArrays.concat(parts, 0);
            out.attach(owner);
            return out;
        }
    }

    /** One degraded copy D(x) of the whole batch. */
    NDArray degrade(NDArray x, SplittableRandom rng) {
        int h = (int) x.getShape().get(2);
        int w = (int) x.getShape().get(3);
        NDArray y = x;
        boolean resized = false;
        if (rng.nextDouble() < options.blurProb()) {
            int kh = oddKernel(rng);
            int kw = oddKernel(rng);
            double sh = uniform(rng, options.sigmaRange());
            double sw = uniform(rng, options.sigmaRange());
            y = GaussianBlur.apply(y, kh, kw, sh, sw);
        }
        if (rng.nextDouble() < options.resizeProb()) {
            boolean up = rng.nextDouble() < options.upProb();
            double scale = uniform(rng, up ? options.upRange() : options.downRange());
            ResizeMode mode = mode(rng);
            resized = scale != 1;
            y = mode.resize(y, Math.max(1, (int) (h * scale)), Math.max(1, (int) (w * scale)));
        }
        if (rng.nextDouble() < options.noiseProb()) {
            y = GaussianNoise.apply(y, rng, options.noiseRange(), options.grayProb(), options.clip());
        }
        if (resized) {
            y = mode(rng).resize(y, h, w);
        }
        return y == x ? x.duplicate() : y;
    }

    private int oddKernel(SplittableRandom rng) {
        int lo = options.kernelRange()[0];
        int choices = (options.kernelRange()[1] - lo) / 2 + 1;
        return lo + 2 * rng.nextInt(choices);
    }

    private ResizeMode mode(SplittableRandom rng) {
        return options.modes().get(rng.nextInt(options.modes().size()));
    }

    private static double uniform(SplittableRandom rng, double[] range) {
        return range[0] + rng.nextDouble() * (range[1] - range[0]);
    }
}
