package io.dckd.backbones.layers;

import ai.djl.nn.Block;
import io.dckd.core.spi.Backbone;
import java.util.List;

/**
 * A {@link Backbone} as a value: registry type, block, scale, input size multiple and the names
 * of the forward's outputs after the first.
 *
 * @param type the registry key that built it
 * @param block the network
 * @param scale output size / input size
 * @param sizeMultiple required divisor of input height and width
 * @param featureTaps names of the extra outputs, in order
 */
public record BuiltBackbone(String type, Block block, int scale, int sizeMultiple, List<String> featureTaps) implements Backbone {

    /** A backbone whose forward returns only the restored image. */
    public BuiltBackbone(String type, Block block, int scale, int sizeMultiple) {
        this(type, block, scale, sizeMultiple, List.of());
    }

    /** {@link FreshInit}: PyTorch defaults plus the parameters' own initialisers, seeded. */
    @Override
    public void initializeWeights(long seed) {
        FreshInit.apply(block, seed);
    }

    /** Copies {@code featureTaps}. */
    public BuiltBackbone {
        featureTaps = List.copyOf(featureTaps);
    }
}
