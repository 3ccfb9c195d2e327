package io.dckd.backbones.kit;

import ai.djl.nn.Block;
import io.dckd.core.nn.FreshInit;
import io.dckd.core.nn.TorchDefaultInit;
import io.dckd.core.spi.Backbone;
import java.util.List;

/**
 * A {@link Backbone} built by this module, as a value: registry type, block, scale, input size
 * multiple, the names of the forward's outputs after the image, and how fresh weights are made.
 *
 * @param type the registry key that built it, e.g. {@code RCAN}
 * @param block the network
 * @param scale output size / input size
 * @param sizeMultiple required divisor of input height and width
 * @param featureTaps names of the extra outputs after the first, in order (FAKD-style feature taps)
 * @param init fresh weights as the official code creates them, from a seed
 */
public record BuiltBackbone(String type, Block block, int scale, int sizeMultiple, List<String> featureTaps, WeightInit init)
        implements Backbone {

    /** Copies {@code featureTaps}. */
    public BuiltBackbone {
        featureTaps = List.copyOf(featureTaps);
    }

    /** A backbone whose forward returns only the restored image. */
    public BuiltBackbone(String type, Block block, int scale, int sizeMultiple, WeightInit init) {
        this(type, block, scale, sizeMultiple, List.of(), init);
    }

    @Override
    public void initializeWeights(long seed) {
        init.apply(block, seed);
    }

    /** How an architecture sets fresh weights on its initialised block. */
    @FunctionalInterface
    public interface WeightInit {

        /** Re-initialises {@code block}'s parameters from {@code seed}. */
        void apply(Block block, long seed);

        /** PyTorch's default initialisation, then the official arch's own {@code _init_weights}. */
        static WeightInit torchDefaultsThen(WeightInit arch) {
            return (block, seed) -> {
                TorchDefaultInit.apply(block, seed);
                arch.apply(block, seed);
            };
        }

        /** PyTorch's default initialisation only (the official arch initialises nothing itself). */
        static WeightInit torchDefaults() {
            return TorchDefaultInit::apply;
        }

        /** {@link FreshInit}: PyTorch defaults plus the parameters' own initialisers (layer scales, codebooks). */
        static WeightInit fresh() {
            return FreshInit::apply;
        }
    }
}
