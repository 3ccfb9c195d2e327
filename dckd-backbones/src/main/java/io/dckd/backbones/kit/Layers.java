package io.dckd.backbones.kit;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import io.dckd.core.nn.GuardedConv2d;

/**
 * Factories for the PyTorch layers the ported archs use ({@code nn.Conv2d} with weights
 * (out, in/groups, k, k) and bias (out), activations, pooling), configured as PyTorch configures them.
 */
public final class Layers {

    private Layers() {}

    /** {@code nn.Conv2d(in, out, k, stride, padding, groups=groups, bias=bias)}; {@code in} is inferred. */
    public static Conv2d conv(int out, int kernel, int stride, int padding, int groups, boolean bias) {
        return (Conv2d) GuardedConv2d.builder()
                .setFilters(out)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(padding, padding))
                .optGroups(groups)
                .optBias(bias)
                .build();
    }

    /** {@code nn.Conv2d(in, out, k, 1, k // 2)} with bias (the input channel count is inferred). */
    public static Conv2d conv(int out, int kernel) {
        return conv(out, kernel, 1, kernel / 2, 1, true);
    }

    /** A 3×3 "same" convolution with bias. */
    public static Conv2d conv3x3(int out) {
        return conv(out, 3, 1, 1, 1, true);
    }

    /** A 1×1 convolution with bias. */
    public static Conv2d conv1x1(int out) {
        return conv(out, 1, 1, 0, 1, true);
    }

    /** {@code nn.ReLU()}. */
    public static Block relu() {
        return ActivationBlock.relu();
    }

    /** {@code nn.LeakyReLU(slope)} (PyTorch's default slope is 0.01). */
    public static Block leakyRelu(float slope) {
        return ActivationBlock.leakyRelu(slope);
    }

    /** {@code nn.Sigmoid()}. */
    public static Block sigmoid() {
        return ActivationBlock.sigmoid();
    }

    /** {@code nn.AdaptiveAvgPool2d(1)}: B×C×H×W → B×C×1×1. */
    public static Block globalAvgPool() {
        return new GlobalAvgPool();
    }
}
