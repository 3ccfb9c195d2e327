package io.dckd.tasks.resize;

/**
 * The 1-D contributions of MATLAB's bicubic {@code imresize} along one axis, as BasicSR's
 * {@code calculate_weights_indices} ({@code basicsr/utils/matlab_functions.py}) computes them:
 * <pre>  u(x)   = x / s + 0.5 (1 - 1/s)                x = 1..out (1-based output coordinates)
 *   left   = floor(u - kw/2),  p = ceil(kw) + 2,  taps left .. left+p-1
 *   w(j)   = s·cubic(s·(u - j)) if s &lt; 1 and antialiasing (kw = 4/s), else cubic(u - j) (kw = 4)
 *   cubic  = Keys' kernel with a = -0.5</pre>
 * rows normalised to sum 1, a first/last tap column dropped when it has a zero weight in any row,
 * and input positions outside [1, in] mirrored symmetrically (edge pixel repeated), which BasicSR
 * does by padding the image. Here the mirroring is folded into {@link #index}, so applying the
 * weights needs no padded copy.
 *
 * @param outLength number of outputs
 * @param taps taps per output
 * @param index {@code index[o*taps + k]}: 0-based input position of tap k of output o
 * @param weight the matching weights
 */
public record ResizeWeights(int outLength, int taps, int[] index, double[] weight) {

    /** Keys' cubic kernel (a = -0.5), BasicSR's {@code cubic}. */
    static double cubic(double x) {
        double ax = Math.abs(x), ax2 = ax * ax, ax3 = ax2 * ax;
        if (ax <= 1) {
            return 1.5 * ax3 - 2.5 * ax2 + 1;
        }
        if (ax <= 2) {
            return -0.5 * ax3 + 2.5 * ax2 - 4 * ax + 2;
        }
        return 0;
    }

    /** Weights for resizing {@code inLength} samples to {@code outLength} with factor {@code scale}. */
    public static ResizeWeights of(int inLength, int outLength, double scale, boolean antialiasing) {
        double kernelWidth = 4;
        boolean aa = scale < 1 && antialiasing;
        if (aa) {
            kernelWidth = kernelWidth / scale;
        }
        int p = (int) Math.ceil(kernelWidth) + 2;
        double[] w = new double[outLength * p];
        int[] left = new int[outLength];
        for (int o = 0; o < outLength; o++) {
            double u = (o + 1) / scale + 0.5 * (1 - 1 / scale);
            left[o] = (int) Math.floor(u - kernelWidth / 2);
            double sum = 0;
            for (int k = 0; k < p; k++) {
                double d = u - (left[o] + k);
                double v = aa ? scale * cubic(d * scale) : cubic(d);
                w[o * p + k] = v;
                sum += v;
            }
            for (int k = 0; k < p; k++) {
                w[o * p + k] /= sum;
            }
        }
        boolean dropFirst = false, dropLast = false;
        for (int o = 0; o < outLength; o++) {
            dropFirst |= w[o * p] == 0;
            dropLast |= w[o * p + p - 1] == 0;
        }
        int first = dropFirst ? 1 : 0;
        int taps = p - (dropFirst ? 1 : 0) - (dropLast ? 1 : 0);
        int[] index = new int[outLength * taps];
        double[] weight = new double[outLength * taps];
        for (int o = 0; o < outLength; o++) {
            for (int k = 0; k < taps; k++) {
                int pos1 = left[o] + first + k; // 1-based input position
                index[o * taps + k] = mirror(pos1 - 1, inLength);
                weight[o * taps + k] = w[o * p + first + k];
            }
        }
        return new ResizeWeights(outLength, taps, index, weight);
    }

    /** Symmetric extension with the edge repeated: -1 → 0, -2 → 1, n → n-1, n+1 → n-2. */
    static int mirror(int i, int n) {
        while (i < 0 || i >= n) {
            if (i < 0) {
                i = -i - 1;
            } else {
                i = 2 * n - 1 - i;
            }
        }
        return i;
    }
}
