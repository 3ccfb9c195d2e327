package io.dckd.core.spi;

import ai.djl.nn.Block;
import io.dckd.core.nn.TorchDefaultInit;
import java.util.List;

/**
 * A restoration network built by a {@link BackboneFactory}: a DJL {@link Block} mapping an input
 * batch B×3×h×w in [0,1] to B×3×(s·h)×(s·w), plus what the pipeline needs to know about it.
 *
 * <p>Parameters are named with the official PyTorch state-dict keys (see
 * {@link io.dckd.core.nn.TorchNames}), so official checkpoints load by name.
 */
public interface Backbone {

    /** The registry type that built it, e.g. {@code RCAN}. */
    String type();

    /** The DJL block. Its forward takes one NDArray (B×3×h×w) and returns the restored batch first. */
    Block block();

    /** Output size / input size: 2, 3, 4 for super-resolution, 1 for deblurring, deraining, denoising. */
    int scale();

    /**
     * Inputs must have height and width divisible by this (window size for SwinIR, 2^levels for
     * U-Nets). Inference pads bottom/right by reflection and crops the output, as BasicSR's test does.
     */
    default int sizeMultiple() {
        return 1;
    }

    /**
     * Sets fresh weights on the initialised {@link #block()} as the official code would create them,
     * deterministically from {@code seed}: PyTorch's default initialisation, plus the architecture's
     * own (e.g. SwinIR's truncated-normal Linear weights, NAFNet's zero layer scales, taming's
     * codebook). Architectures override this; the default is PyTorch's default initialisation.
     */
    default void initializeWeights(long seed) {
        TorchDefaultInit.apply(block(), seed);
    }

    /** Names of extra outputs after the first (feature taps for FAKD-style losses), in order. */
    default List<String> featureTaps() {
        return List.of();
    }
}
