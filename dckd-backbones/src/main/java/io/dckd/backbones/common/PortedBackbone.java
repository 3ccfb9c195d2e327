package io.dckd.backbones.common;

import ai.djl.nn.Block;
import io.dckd.core.spi.Backbone;

/**
 * A {@link Backbone} built by this module: the block, its scale and input-size multiple, and the
 * architecture's own weight initialisation (applied after PyTorch's default one by
 * {@link Backbones#build}).
 *
 * @param type registry type, e.g. {@code SwinIR}
 * @param block the network
 * @param scale output size / input size
 * @param sizeMultiple inputs must have H and W divisible by this
 * @param archInit the official arch's {@code _init_weights} on top of torch defaults (may do nothing)
 */
public record PortedBackbone(String type, Block block, int scale, int sizeMultiple, ArchInit archInit) implements Backbone {

    /** PyTorch's default initialisation, then the architecture's own. */
    @Override
    public void initializeWeights(long seed) {
        io.dckd.core.nn.TorchDefaultInit.apply(block, seed);
        archInit.apply(block, seed);
    }

    /** An architecture-specific initialisation, run on an initialised block. */
    @FunctionalInterface
    public interface ArchInit {
        /** Re-initialises the parameters the official arch initialises itself, from {@code seed}. */
        void apply(Block block, long seed);

        /** No architecture-specific initialisation (torch defaults are what the official arch uses). */
        static ArchInit none() {
            return (b, s) -> {};
        }
    }
}
