package io.dckd.backbones.vqgan;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.dckd.backbones.layers.Options;
import java.util.Arrays;

/**
 * Options of a taming-transformers VQModel ({@code taming/models/vqgan.py}): codebook size and
 * dimension, and the encoder/decoder {@code ddconfig}. Names are taming's.
 *
 * @param embedDim codebook vector dimension ({@code embed_dim}), output channels of quant_conv
 * @param nEmbed number of codes ({@code n_embed})
 * @param dd the encoder/decoder layout
 */
public record VqganConfig(int embedDim, int nEmbed, DdConfig dd) {

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
     */
    public record DdConfig(int inChannels, int outCh, int resolution, int ch, int[] chMult, int numResBlocks,
            int[] attnResolutions, float dropout, boolean doubleZ, int zChannels) {

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
    public static VqganConfig from(Config c) {
        Config d = c.getConfig("ddconfig");
        int[] chMult = Options.positiveInts(d, "ch_mult", false);
        if (chMult.length == 0) {
            throw new ConfigException.BadValue(d.getValue("ch_mult").origin(), "ddconfig.ch_mult", "needs at least one level");
        }
        int ch = Options.positiveInt(d, "ch");
        for (int m : chMult) {
            if ((ch * m) % 32 != 0) {
                throw new ConfigException.BadValue(d.getValue("ch").origin(), "ddconfig.ch",
                        "ch·ch_mult must be divisible by 32 (GroupNorm with 32 groups), got ch " + ch + ", ch_mult " + Arrays.toString(chMult));
            }
        }
        double dropout = d.getDouble("dropout");
        if (dropout < 0 || dropout >= 1) {
            throw new ConfigException.BadValue(d.getValue("dropout").origin(), "ddconfig.dropout", "must be in [0, 1), got " + dropout);
        }
        DdConfig dd = new DdConfig(Options.positiveInt(d, "in_channels"), Options.positiveInt(d, "out_ch"),
                Options.positiveInt(d, "resolution"), ch, chMult, Options.positiveInt(d, "num_res_blocks"),
                Options.positiveInts(d, "attn_resolutions", false), (float) dropout, d.getBoolean("double_z"),
                Options.positiveInt(d, "z_channels"));
        return new VqganConfig(Options.positiveInt(c, "embed_dim"), Options.positiveInt(c, "n_embed"), dd);
    }
}
