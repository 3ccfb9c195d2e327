package io.dckd.backbones.swinir;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import io.dckd.backbones.kit.Layers;

/**
 * The convolution before a residual add in SwinIR ({@code resi_connection}): {@code '1conv'} is one
 * conv3×3 C→C; {@code '3conv'} is conv3×3 C→C/4, LeakyReLU(0.2), conv1×1 C/4→C/4, LeakyReLU(0.2),
 * conv3×3 C/4→C (keys {@code .0}, {@code .2}, {@code .4}).
 */
final class ResidualConnection {

    private ResidualConnection() {}

    static Block of(String kind, int dim) {
        return switch (kind) {
            case "1conv" -> Layers.conv(dim, 3);
            case "3conv" -> new SequentialBlock()
                    .add(Layers.conv(dim / 4, 3))
                    .add(Layers.leakyRelu(0.2f))
                    .add(Layers.conv(dim / 4, 1))
                    .add(Layers.leakyRelu(0.2f))
                    .add(Layers.conv(dim, 3));
            default -> throw new IllegalArgumentException("resi_connection must be '1conv' or '3conv', got '" + kind + "'");
        };
    }
}
