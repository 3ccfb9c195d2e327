package io.dckd.plugins.dckd.dmm;

import com.typesafe.config.Config;
import io.dckd.plugins.dckd.PluginOptions;
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
 */
public record PretrainOptions(int totalIter, int batchSize, int patchSize, double lr, double beta1, double beta2,
                              double beta, CodebookUpdate update, double emaDecay, double deadCodeThreshold,
                              int evalBatches, int logEvery) {

    /** How the codebook vectors are learned. */
    public enum CodebookUpdate {
        /** e_k = EMA of the encoder outputs assigned to k (VQ-VAE-2 / SoundStream); no codebook loss term. */
        EMA,
        /** e_k learned by the gradient of ‖sg(z) − e‖² (VQ-VAE, taming's VectorQuantizer2). */
        STRAIGHT_THROUGH
    }

    /** Binds the resolved {@code pretrain} section. */
    public static PretrainOptions from(Config c) {
        java.util.List<Double> betas = c.getDoubleList("betas");
        if (betas.size() != 2 || betas.stream().anyMatch(b -> !(b >= 0 && b < 1))) {
            throw PluginOptions.bad(c, "betas", "must be [beta1, beta2] in [0, 1), got " + betas);
        }
        CodebookUpdate update;
        String u = c.getString("codebook_update");
        try {
            update = CodebookUpdate.valueOf(u.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw PluginOptions.bad(c, "codebook_update", "must be ema or straight_through, got '" + u + "'");
        }
        double decay = c.getDouble("ema_decay");
        if (!(decay >= 0 && decay < 1)) {
            throw PluginOptions.bad(c, "ema_decay", "must be in [0, 1), got " + decay);
        }
        double dead = c.getDouble("dead_code_threshold");
        if (!(dead >= 0)) {
            throw PluginOptions.bad(c, "dead_code_threshold", "must be >= 0, got " + dead);
        }
        double beta = c.getDouble("beta");
        if (!(beta >= 0)) {
            throw PluginOptions.bad(c, "beta", "must be >= 0, got " + beta);
        }
        return new PretrainOptions(PluginOptions.positiveInt(c, "total_iter"), PluginOptions.positiveInt(c, "batch_size"),
                PluginOptions.positiveInt(c, "patch_size"), PluginOptions.positive(c, "lr"), betas.get(0), betas.get(1),
                beta, update, decay, dead, PluginOptions.positiveInt(c, "eval_batches"), PluginOptions.positiveInt(c, "log_every"));
    }
}
