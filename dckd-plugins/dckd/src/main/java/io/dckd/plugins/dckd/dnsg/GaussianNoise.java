package io.dckd.plugins.dckd.dnsg;

import ai.djl.ndarray.NDArray;
import io.dckd.core.nn.TorchOwned;
import java.util.SplittableRandom;

/**
 * BasicSR's {@code random_add_gaussian_noise_pt(x, sigma_range, clip, rounds=False, gray_prob)}
 * (basicsr/data/degradations.py), as the official DNSG calls it. Per sample b of N×C×H×W:
 * σ_b ~ U[lo, hi]/255 and gray flag g_b ~ Bernoulli(gray_prob); colour noise is N(0,1)·σ_b per
 * pixel and channel; gray noise is ONE H×W field N(0,1) shared by the whole batch (BasicSR's
 * {@code torch.randn(h, w) * sigma}), scaled by σ_b and broadcast over the channels;
 * out = x + (g_b ? gray : colour), clamped to [0, 1] when {@code clip}, not rounded.
 *
 * <p>Every random number comes from the given {@link SplittableRandom} (drawn on the Java side),
 * so the result depends only on the generator's state, not on the engine or device.
 */
public final class GaussianNoise {

    private GaussianNoise() {}

    /**
     * Adds the noise to {@code x}; the result belongs to x's manager.
     *
     * @param sigmaRange [lo, hi] in /255 units
     */
    public static NDArray apply(NDArray x, SplittableRandom rng, double[] sigmaRange, double grayProb, boolean clip) {
        int n = (int) x.getShape().get(0);
        int c = (int) x.getShape().get(1);
        int h = (int) x.getShape().get(2);
        int w = (int) x.getShape().get(3);
        float[] sigma = new float[n];
        for (int b = 0; b < n; b++) {
            sigma[b] = (float) ((sigmaRange[0] + rng.nextDouble() * (sigmaRange[1] - sigmaRange[0])) / 255.0);
        }
        boolean[] gray = new boolean[n];
        boolean anyGray = false;
        for (int b = 0; b < n; b++) {
            gray[b] = rng.nextDouble() < grayProb;
            anyGray |= gray[b];
        }
        int plane = h * w;
        float[] field = null;
        if (anyGray) {
            field = new float[plane];
            for (int i = 0; i < plane; i++) {
                field[i] = (float) rng.nextGaussian();
            }
        }
        float[] noise = new float[n * c * plane];
        for (int b = 0; b < n; b++) {
            float s = sigma[b];
            int base = b * c * plane;
            for (int ch = 0; ch < c; ch++) {
                int off = base + ch * plane;
                if (gray[b]) {
                    for (int i = 0; i < plane; i++) {
                        noise[off + i] = field[i] * s;
                    }
                } else {
                    for (int i = 0; i < plane; i++) {
                        noise[off + i] = (float) rng.nextGaussian() * s;
                    }
                }
            }
        }
        NDArray nd = TorchOwned.floats(x.getManager(), noise, x.getShape()).toDevice(x.getDevice(), false).toType(x.getDataType(), false);
        NDArray out = x.add(nd);
        return clip ? out.clip(0, 1) : out;
    }
}
