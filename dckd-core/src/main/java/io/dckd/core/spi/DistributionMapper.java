package io.dckd.core.spi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import org.pf4j.ExtensionPoint;

/**
 * SPI: maps restored images into the frozen encoder's space (DCKD's distribution mapping module,
 * METHOD.md §3): per-level features for the contrastive term and the soft codebook assignment for
 * the cross-entropy term. Config: {@code network_vq { type = ... }}.
 */
public interface DistributionMapper extends ExtensionPoint {

    /** The registry key. */
    String type();

    /** Builds the mapper (loads or references its frozen encoder and codebook). */
    Mapping create(ComponentSpec spec);

    /** A configured, frozen mapping. */
    interface Mapping extends AutoCloseable {

        /** Contrastive level weights w_l, one per feature level. */
        double[] levelWeights();

        /**
         * One encoder pass over {@code images} (N×3×H×W) that yields both the level features and,
         * when {@code withDistribution}, the codebook distribution (N·H/16·W/16 × codes). Gradient
         * flows to {@code images} only if it carries one; encoder weights never get any.
         */
        Encoded encode(NDArray images, boolean withDistribution);

        @Override
        void close();
    }

    /**
     * @param levels per-level features, level 1 first
     * @param distribution softmax(−‖z−e_k‖²) over codes per position, or null when not asked for
     */
    record Encoded(NDList levels, NDArray distribution) {}
}
