package io.dckd.backbones.vqgan;

import io.dckd.backbones.kit.BackboneOptions;
import java.util.Arrays;

/**
 * Options of a taming-transformers VQModel ({@code taming/models/vqgan.py}): codebook size and
 * dimension, and the encoder/decoder {@code ddconfig}. Names are taming's.
 *
 * @param embedDim codebook vector dimension ({@code embed_dim}), output channels of quant_conv
 * @param nEmbed number of codes ({@code n_embed})
 * @param dd the encoder/decoder layout
 * @param l2Normalize {@code l2_normalize}: latent and codes are l2-normalised before the distance
 *     (the "factorized, l2-normalised codes" of ViT-VQGAN, Yu et al. 2021, §3.2), so
 *     ‖ẑ − ê_k‖² = 2 − 2 ẑ·ê_k lies in [0, 4]; false = taming's raw Euclidean lookup
 */
public record VqganConfig(int embedDim, int nEmbed, DdConfig dd, boolean l2Normalize) {

    /**
     * Taming's {@code ddconfig}.
     *
     * @param inChannels image channels in
     * @param outCh image channels out (decoder)
     * @param resolution nominal input resolution; decides where attention sits (curr_res in attn_resolutions)
     * @param ch base channel count
     * @param chMult per-level channel multipliers; one level per entry
     * @param numResBlocks ResnetBlocks per encoder level (decoder: one more)
     * @param attnResolutions nominal resolutions with attention after each block
     * @param dropout dropout inside ResnetBlocks (training only)
     * @param doubleZ encoder outputs 2·z_channels
     * @param zChannels latent channels
     * @param normGroups GroupNorm groups of every norm layer (taming: 32; VQGAN option {@code norm_groups}):
     *     at ch = 32 taming's 32 groups hold one channel each, an instance norm that removes every
     *     channel's per-image mean, colour included
     */
    public record DdConfig(int inChannels, int outCh, int resolution, int ch, int[] chMult, int numResBlocks,
            int[] attnResolutions, float dropout, boolean doubleZ, int zChannels, int normGroups) {

        /** Channels of encoder level {@code i}: ch·ch_mult[i]. */
        public int levelChannels(int i) {
            return ch * chMult[i];
        }

        /** Nominal resolution of level {@code i}: resolution / 2^i. */
        public int levelResolution(int i) {
            return resolution >> i;
        }

        /** Whether level {@code i} has attention blocks. */
        public boolean hasAttention(int i) {
            int r = levelResolution(i);
            return Arrays.stream(attnResolutions).anyMatch(a -> a == r);
        }

        /** Number of resolution levels. */
        public int levels() {
            return chMult.length;
        }
    }

    /** Binds resolved options ({@code embed_dim}, {@code n_embed}, {@code ddconfig {...}}). */
    public static VqganConfig from(BackboneOptions o) {
        int[] chMult = o.positiveInts("ddconfig.ch_mult", false);
        if (chMult.length == 0) {
            throw o.bad("ddconfig.ch_mult", "ddconfig.ch_mult needs at least one level");
        }
        int ch = o.positiveInt("ddconfig.ch");
        int groups = o.positiveInt("norm_groups");
        for (int m : chMult) {
            if ((ch * m) % groups != 0) {
                throw o.bad("ddconfig.ch", "ch·ch_mult must be divisible by norm_groups (GroupNorm with " + groups + " groups), got ch " + ch
                        + ", ch_mult " + Arrays.toString(chMult));
            }
        }
        double dropout = o.getDouble("ddconfig.dropout");
        if (dropout < 0 || dropout >= 1) {
            throw o.bad("ddconfig.dropout", "ddconfig.dropout must be in [0, 1), got " + dropout);
        }
        DdConfig dd = new DdConfig(o.positiveInt("ddconfig.in_channels"), o.positiveInt("ddconfig.out_ch"),
                o.positiveInt("ddconfig.resolution"), ch, chMult, o.positiveInt("ddconfig.num_res_blocks"),
                o.positiveInts("ddconfig.attn_resolutions", false), (float) dropout, o.getBoolean("ddconfig.double_z"),
                o.positiveInt("ddconfig.z_channels"), groups);
        return new VqganConfig(o.positiveInt("embed_dim"), o.positiveInt("n_embed"), dd, o.getBoolean("l2_normalize"));
    }
}
