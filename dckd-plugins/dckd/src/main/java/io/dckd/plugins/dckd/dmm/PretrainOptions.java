package io.dckd.plugins.dckd.dmm;

import io.dckd.core.config.ComponentOptions;
import java.util.Locale;

/**
 * Settings of the codebook stage ({@code pretrain { ... }} of {@link Dmm}).
 *
 * @param totalIter optimiser steps ({@code total_iter})
 * @param batchSize GT patches per step ({@code batch_size})
 * @param patchSize patch side ({@code patch_size}), a multiple of 2^(levels−1)
 * @param lr Adam learning rate ({@code lr}, constant)
 * @param beta1 Adam β1 ({@code betas[0]})
 * @param beta2 Adam β2 ({@code betas[1]})
 * @param beta commitment weight β ({@code beta})
 * @param update how the codebook learns ({@code codebook_update})
 * @param emaDecay decay γ of the EMA cluster statistics and of the usage counts ({@code ema_decay})
 * @param deadCodeThreshold restart a code whose EMA usage count is below this ({@code dead_code_threshold}; 0 = never)
 * @param evalBatches held-out batches for the report ({@code eval_batches})
 * @param logEvery log a progress line every this many steps ({@code log_every})
 * @param kmeansInit start the codes by k-means++ on the encoder outputs of the first quantised step ({@code kmeans_init})
 * @param warmupIter steps trained as a plain autoencoder (decoder(z), no quantisation) before the codebook starts ({@code warmup_iter})
 * @param mseWeight weight of a mean squared error added to the L1 reconstruction loss ({@code mse_weight}; 0 = L1 only)
 * @param cosineLr {@code lr_schedule = cosine}: lr·(1 + cos(π·(t−1)/T))/2 at step t of T (SGDR without restarts,
 *     Loshchilov and Hutter 2017); {@code constant} (false): lr at every step
 */
public record PretrainOptions(int totalIter, int batchSize, int patchSize, double lr, double beta1, double beta2,
                              double beta, CodebookUpdate update, double emaDecay, double deadCodeThreshold,
                              int evalBatches, int logEvery, boolean kmeansInit, int warmupIter, double mseWeight,
                              boolean cosineLr) {

    /** How the codebook vectors are learned. */
    public enum CodebookUpdate {
        /** e_k = EMA of the encoder outputs assigned to k (VQ-VAE-2 / SoundStream); no codebook loss term. */
        EMA,
        /** e_k learned by the gradient of ‖sg(z) − e‖² (VQ-VAE, taming's VectorQuantizer2). */
        STRAIGHT_THROUGH
    }

    /** The learning rate of step {@code t} (1-based). */
    public double lrAt(int t) {
        return cosineLr ? lr * (1 + Math.cos(Math.PI * (t - 1) / totalIter)) / 2 : lr;
    }

    private static boolean cosine(ComponentOptions dmm) {
        String s = dmm.getString("pretrain.lr_schedule");
        return switch (s) {
            case "cosine" -> true;
            case "constant" -> false;
            default -> throw dmm.bad("pretrain.lr_schedule", "must be constant or cosine, got '" + s + "'");
        };
    }

    /**
     * Binds the {@code pretrain} section of {@code dmm} (its ranges, declared under
     * {@code dckd.ranges.types.DMM.pretrain}, were checked when {@code dmm} was read).
     */
    public static PretrainOptions from(ComponentOptions dmm) {
        double[] betas = dmm.getDoubles("pretrain.betas");
        if (betas.length != 2) {
            throw dmm.bad("pretrain.betas", "must be [beta1, beta2], got " + dmm.config().getValue("pretrain.betas").render());
        }
        String u = dmm.getString("pretrain.codebook_update");
        CodebookUpdate update;
        try {
            update = CodebookUpdate.valueOf(u.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw dmm.bad("pretrain.codebook_update", "must be ema or straight_through, got '" + u + "'");
        }
        return new PretrainOptions(dmm.getInt("pretrain.total_iter"), dmm.getInt("pretrain.batch_size"),
                dmm.getInt("pretrain.patch_size"), dmm.getDouble("pretrain.lr"), betas[0], betas[1], dmm.getDouble("pretrain.beta"),
                update, dmm.getDouble("pretrain.ema_decay"), dmm.getDouble("pretrain.dead_code_threshold"),
                dmm.getInt("pretrain.eval_batches"), dmm.getInt("pretrain.log_every"), dmm.getBoolean("pretrain.kmeans_init"),
                dmm.getInt("pretrain.warmup_iter"), dmm.getDouble("pretrain.mse_weight"), cosine(dmm));
    }
}
