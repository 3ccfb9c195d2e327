package io.dckd.backbones.common;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.convolutional.Conv2d;

/**
 * Factories for the PyTorch layers the BasicSR archs use, configured as PyTorch configures them.
 */
public final class Layers {

    private Layers() {}

    /** {@code nn.Conv2d(in, out, k, 1, k // 2)} with bias (the input channel count is inferred). */
    public static Conv2d conv(int out, int kernel) {
        return io.dckd.backbones.layers.Convs.conv(out, kernel, 1, kernel / 2, 1, true);
    }

    /** {@code nn.ReLU()}. */
    public static Block relu() {
        return Activation.reluBlock();
    }

    /** {@code nn.LeakyReLU(slope)} (PyTorch's default slope is 0.01). */
    public static Block leakyRelu(float slope) {
        return Activation.leakyReluBlock(slope);
    }

    /** {@code nn.Sigmoid()}. */
    public static Block sigmoid() {
        return Activation.sigmoidBlock();
    }

    /** {@code nn.AdaptiveAvgPool2d(1)}: B×C×H×W → B×C×1×1. */
    public static Block globalAvgPool() {
        return new LambdaBlock(list -> new NDList(list.singletonOrThrow().mean(new int[] {3}, true).mean(new int[] {2}, true)), "AdaptiveAvgPool2d");
    }
}
