package io.dckd.plugins.dckd.dnsg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import io.dckd.core.nn.TorchOwned;

/**
 * kornia's {@code gaussian_blur2d(x, (k_h, k_w), (σ_h, σ_w))} with its default border 'reflect', as
 * the official DNSG calls it: the kernel is separable, g_k(i) = exp(−(i − ⌊k/2⌋)²/(2σ²)) / Σ_j
 * exp(−(j − ⌊k/2⌋)²/(2σ²)) for i = 0..k−1 (odd k), applied to every channel (a depthwise conv of
 * (C,1,k_h,1) then (C,1,1,k_w)) after reflect-padding ⌊k_h/2⌋ rows and ⌊k_w/2⌋ columns
 * ({@code F.pad(mode='reflect')}: the edge pixel is not repeated). Output has x's shape.
 */
public final class GaussianBlur {

    private GaussianBlur() {}

    /** The normalised 1-D Gaussian of odd size {@code k} and standard deviation {@code sigma}. */
    public static float[] kernel1d(int k, double sigma) {
        if (k <= 0 || k % 2 == 0 || !(sigma > 0)) {
            throw new IllegalArgumentException("Gaussian kernel needs an odd size and sigma > 0, got " + k + ", " + sigma);
        }
        double[] g = new double[k];
        double sum = 0;
        for (int i = 0; i < k; i++) {
            double x = i - k / 2;
            g[i] = Math.exp(-x * x / (2 * sigma * sigma));
            sum += g[i];
        }
        float[] out = new float[k];
        for (int i = 0; i < k; i++) {
            out[i] = (float) (g[i] / sum);
        }
        return out;
    }

    /** Blurs {@code x} (N×C×H×W); the result belongs to x's manager. */
    public static NDArray apply(NDArray x, int kh, int kw, double sigmaH, double sigmaW) {
        long c = x.getShape().get(1);
        NDArray padded = ReflectPad.pad(x, kh / 2, kw / 2);
        NDArray wy = weights(x, kernel1d(kh, sigmaH), new Shape(c, 1, kh, 1));
        NDArray wx = weights(x, kernel1d(kw, sigmaW), new Shape(c, 1, 1, kw));
        NDArray vertical = depthwise(padded, wy, c);
        return depthwise(vertical, wx, c);
    }

    private static NDArray depthwise(NDArray x, NDArray w, long channels) {
        NDList out = Conv2d.conv2d(x, w, null, new Shape(1, 1), new Shape(0, 0), new Shape(1, 1), (int) channels);
        return out.singletonOrThrow();
    }

    private static NDArray weights(NDArray like, float[] k, Shape shape) {
        int channels = (int) shape.get(0);
        float[] w = new float[channels * k.length];
        for (int ch = 0; ch < channels; ch++) {
            System.arraycopy(k, 0, w, ch * k.length, k.length);
        }
        return TorchOwned.floats(like.getManager(), w, shape).toDevice(like.getDevice(), false).toType(like.getDataType(), false);
    }
}
