package io.dckd.backbones.layers;

import ai.djl.nn.Block;
import io.dckd.core.spi.Backbone;

/**
 * A {@link Backbone} as a value: registry type, block, scale and input size multiple.
 *
 * @param type the registry key that built it
 * @param block the network
 * @param scale output size / input size
 * @param sizeMultiple required divisor of input height and width
 */
public record BuiltBackbone(String type, Block block, int scale, int sizeMultiple) implements Backbone {}
