package io.dckd.backbones.layers;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;

/** {@code nn.Conv2d} equivalents (weights (out, in/groups, k, k), bias (out)), built in one line. */
public final class Convs {

    private Convs() {}

    /** {@code nn.Conv2d(in, out, k, stride, padding, groups=groups, bias=bias)}; {@code in} is inferred. */
    public static Conv2d conv(int out, int kernel, int stride, int padding, int groups, boolean bias) {
        return (Conv2d) new GuardedConv2d.Builder()
                .setFilters(out)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(padding, padding))
                .optGroups(groups)
                .optBias(bias)
                .build();
    }

    /** A 3×3 "same" convolution with bias. */
    public static Conv2d conv3x3(int out) {
        return conv(out, 3, 1, 1, 1, true);
    }

    /** A 1×1 convolution with bias. */
    public static Conv2d conv1x1(int out) {
        return conv(out, 1, 1, 0, 1, true);
    }
}
