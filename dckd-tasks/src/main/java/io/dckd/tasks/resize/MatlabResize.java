package io.dckd.tasks.resize;

import io.dckd.core.image.RgbImage;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * MATLAB-style bicubic {@code imresize} with antialiasing, as BasicSR's
 * {@code basicsr/utils/matlab_functions.py imresize}: output size {@code ceil(h·s) × ceil(w·s)},
 * first along H then along W, each pass with {@link ResizeWeights} (cubic kernel, widened by 1/s when
 * downscaling, symmetric padding). Computed in double precision; no clamping or rounding (round to 8
 * bits with {@link RgbImage#quantized()} where BasicSR saves a PNG). Weights are cached per
 * (length, scale), so resizing many images of one size costs two separable passes each.
 */
public final class MatlabResize {

    private static final Map<String, ResizeWeights> CACHE = new ConcurrentHashMap<>();

    private MatlabResize() {}

    /** The output length BasicSR computes: {@code ceil(length · scale)}. */
    public static int outLength(int length, double scale) {
        return (int) Math.ceil(length * scale);
    }

    /** Resizes an RGB image by {@code scale} (e.g. 0.25 for ×4 down, 4 for ×4 up), antialiased. */
    public static RgbImage imresize(RgbImage img, double scale) {
        return imresize(img, scale, true);
    }

    /** Resizes an RGB image by {@code scale}. */
    public static RgbImage imresize(RgbImage img, double scale, boolean antialiasing) {
        int w = img.width(), h = img.height();
        double[] src = new double[img.chw().length];
        float[] f = img.chw();
        for (int i = 0; i < src.length; i++) {
            src[i] = f[i];
        }
        int[] outSize = new int[2];
        double[] out = imresize(src, 3, h, w, scale, antialiasing, outSize);
        float[] o = new float[out.length];
        for (int i = 0; i < o.length; i++) {
            o[i] = (float) out[i];
        }
        return new RgbImage(outSize[1], outSize[0], o);
    }

    /**
     * Resizes planar (CHW) double data.
     *
     * @param chw {@code channels × h × w} values
     * @param outSize receives {outH, outW}
     * @return {@code channels × outH × outW} values
     */
    public static double[] imresize(double[] chw, int channels, int h, int w, double scale, boolean antialiasing,
            int[] outSize) {
        if (chw.length != channels * h * w) {
            throw new IllegalArgumentException("expected " + channels * h * w + " values, got " + chw.length);
        }
        int oh = outLength(h, scale), ow = outLength(w, scale);
        if (oh <= 0 || ow <= 0) {
            throw new IllegalArgumentException("imresize of " + w + "x" + h + " by " + scale + " is empty");
        }
        ResizeWeights wh = weights(h, oh, scale, antialiasing);
        ResizeWeights ww = weights(w, ow, scale, antialiasing);
        double[] mid = new double[channels * oh * w];
        // H pass: mid[c, i, x] = sum_k wh[i,k] * src[c, idx[i,k], x]
        for (int c = 0; c < channels; c++) {
            int sBase = c * h * w, mBase = c * oh * w;
            for (int i = 0; i < oh; i++) {
                int row = mBase + i * w;
                for (int k = 0; k < wh.taps(); k++) {
                    double wk = wh.weight()[i * wh.taps() + k];
                    int srow = sBase + wh.index()[i * wh.taps() + k] * w;
                    for (int x = 0; x < w; x++) {
                        mid[row + x] += wk * chw[srow + x];
                    }
                }
            }
        }
        double[] out = new double[channels * oh * ow];
        int t = ww.taps();
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < oh; y++) {
                int mrow = (c * oh + y) * w, orow = (c * oh + y) * ow;
                for (int j = 0; j < ow; j++) {
                    double s = 0;
                    for (int k = 0; k < t; k++) {
                        s += ww.weight()[j * t + k] * mid[mrow + ww.index()[j * t + k]];
                    }
                    out[orow + j] = s;
                }
            }
        }
        outSize[0] = oh;
        outSize[1] = ow;
        return out;
    }

    private static ResizeWeights weights(int in, int out, double scale, boolean aa) {
        String key = in + "/" + out + "/" + Double.doubleToLongBits(scale) + "/" + aa;
        ResizeWeights r = CACHE.get(key);
        if (r == null) {
            r = ResizeWeights.of(in, out, scale, aa);
            if (CACHE.size() < 4096) {
                CACHE.put(key, r);
            }
        }
        return r;
    }
}
