package io.dckd.core.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.dckd.core.train.Network;

/**
 * Native memory of one inference forward as a linear function of the input's pixel count, measured
 * on the network itself: two small probe forwards ({@link Network#forwardLiveBytes}) give the peak
 * bytes of the arrays alive during the pass (sampled as each scoped block returns, before it frees
 * its intermediates), and the line through them extrapolates. libtorch's transient
 * workspaces (im2col, attention softmax) are not arrays; {@link #SAFETY} covers them.
 *
 * @param bytesPerPixel bytes per input pixel
 * @param fixedBytes bytes independent of the size
 */
public record Footprint(double bytesPerPixel, double fixedBytes) {

    /**
     * Margin over the measured arrays for what they miss (op workspaces, allocator slack). With
     * {@code dckd restore} of a 2000×1500 photograph x4 (trained rcan-s and SwinIR fixtures, 512m and
     * 1g budgets, 2026-12-07) the process peaked at 1.07-1.48 GB against a 0.31 GB runtime: up to
     * 0.28 GB over budget plus runtime at 512m, as before passes freed block by block (0.27 GB); see
     * the README ("Memory of a step, phase by phase").
     */
    public static final double SAFETY = 1.5;

    /** Estimated peak native bytes of a forward of a {@code width}×{@code height} input, with {@link #SAFETY}. */
    public double bytes(long width, long height) {
        return SAFETY * (fixedBytes + bytesPerPixel * width * height);
    }

    /** Measures {@code net} with two probe forwards (sides of 4 and 8 size multiples, at least 32 and 64). */
    public static Footprint measure(Network net) {
        int m = net.backbone().sizeMultiple();
        int small = Math.max(4, (32 + m - 1) / m) * m;
        int large = 2 * small;
        double a = probe(net, small);
        double b = probe(net, large);
        double perPixel = Math.max(0, (b - a) / ((double) large * large - (double) small * small));
        return new Footprint(perPixel, Math.max(0, a - perPixel * small * small));
    }

    private static double probe(Network net, int side) {
        try (NDManager scratch = net.manager().newSubManager()) {
            NDArray x = scratch.zeros(new Shape(1, 3, side, side));
            return net.forwardLiveBytes(x);
        }
    }
}
