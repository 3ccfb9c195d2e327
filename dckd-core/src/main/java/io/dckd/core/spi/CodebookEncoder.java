package io.dckd.core.spi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.dckd.core.nn.Scalars;

/**
 * A backbone block that encodes images into per-level features and the space of a vector-quantising
 * codebook (taming's VQGAN encoder + {@code quant_conv} + codebook is one). Built by name through
 * the registry ({@link DistributionMapper.MapperContext#buildBackbone}); a distribution mapper
 * recognises it by this interface on {@link Backbone#block()} and talks to it only through it, so
 * the plugin never links the architecture's classes.
 */
public interface CodebookEncoder extends Block {

    /**
     * Key prefixes of a whole autoencoder's state dict that the encoder does not hold (taming's
     * {@code decoder.}, {@code post_quant_conv.}, {@code loss.}: a codebook stage's or a VQGAN
     * checkpoint's other half), which a loader of the encoder alone may skip.
     */
    default java.util.List<String> autoencoderOnlyPrefixes() {
        return java.util.List.of("decoder.", "post_quant_conv.", "loss.");
    }

    /** Number of feature levels L (resolutions, level 1 at the input's size). */
    int levels();

    /** Number of codebook vectors. */
    int codes();

    /** Dimension of a codebook vector (channels of the latent). */
    int codeDim();

    /**
     * One encoder pass over {@code images} (B×C×H×W, used as given): the level features and, when
     * {@code withDistribution}, the soft code assignment softmax(−‖z − e_k‖²) per latent position.
     * Without it the pass may stop after the last level's features. Gradient reaches
     * {@code images} only if it carries one.
     */
    Encoding encode(ParameterStore ps, NDArray images, boolean withDistribution);

    /** The pre-quantisation latent z, B×{@link #codeDim()}×h×w (for training an autoencoder around it). */
    NDArray latent(ParameterStore ps, NDArray images, boolean training);

    /**
     * Whether {@link #latent} and the codes are compared as unit vectors (ViT-VQGAN's l2-normalised
     * lookup): a quantiser must then normalise the codes it hands to the decoder. Default false.
     */
    default boolean normalizesCodes() {
        return false;
    }

    /** x / max(‖x‖₂, 1e−12) along {@code axis} (torch's {@code F.normalize}): the normalisation of {@link #normalizesCodes}. */
    static NDArray l2Normalize(NDArray x, int axis) {
        return x.div(Scalars.maximum(x.square().sum(new int[] {axis}, true).sqrt(), 1e-12));
    }

    /** Index of the nearest code for every position of {@code latent}, in (b, y, x) order (N). */
    NDArray nearestCodes(ParameterStore ps, NDArray latent, boolean training);

    /**
     * A new, uninitialised decoder that maps a quantised latent (B×{@link #codeDim()}×h×w) back
     * to an image, named so that encoder and decoder load from one state dict.
     */
    Block newDecoder();

    /**
     * @param levels per-level features, level 1 first
     * @param codeLogits −‖z − e_k‖² per position and code, (B·h·w) × {@link #codes()}: the soft assignment
     *     over codes is their softmax; null when not asked for
     */
    record Encoding(NDList levels, NDArray codeLogits) {}
}
