package io.dckd.backbones.vqgan;

import io.dckd.backbones.kit.BackboneOptions;
import io.dckd.backbones.kit.BuiltBackbone;
import io.dckd.backbones.kit.BuiltInBackboneFactory;
import io.dckd.backbones.kit.Factories;
import io.dckd.core.spi.Backbone;
import io.dckd.core.spi.CodebookEncoder;
import io.dckd.core.spi.ComponentSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Registry type {@code VQGAN}: the taming VQGAN encoder + codebook ({@link VqganEncoder}), a
 * {@link CodebookEncoder} for distribution mappers. Options (defaults in
 * {@code dckd.backbones.defaults.VQGAN}):
 * {@code embed_dim}, {@code n_embed}, {@code ddconfig { in_channels, out_ch, resolution, ch,
 * ch_mult, num_res_blocks, attn_resolutions, dropout, double_z, z_channels }}.
 *
 * <p>Its block's forward returns NDList(level 1..L, distribution), not an image ({@code featureTaps()}
 * = level2..levelL, distribution); {@code scale()}
 * is 1 (level 1 has the input's size) and {@code sizeMultiple()} is 2^(L−1), so every Downsample
 * halves exactly and the distribution has H/2^(L−1)·W/2^(L−1) rows per image.
 */
public final class VqganFactory extends BuiltInBackboneFactory {

    /** The registry key. */
    public static final String TYPE = "VQGAN";

    public VqganFactory() {
        super(TYPE, "taming-transformers VQGAN encoder + codebook (multi-level features and soft code assignment)", VqganFactory::build);
    }

    private static Backbone build(BackboneOptions o) {
        VqganConfig config = VqganConfig.from(o);
        List<String> taps = new ArrayList<>();
        for (int l = 2; l <= config.dd().levels(); l++) {
            taps.add("level" + l);
        }
        taps.add("distribution");
        return new BuiltBackbone(TYPE, new VqganEncoder(config), 1, 1 << (config.dd().levels() - 1), taps,
                BuiltBackbone.WeightInit.fresh());
    }

    /** The resolved options of {@code spec}. */
    public static VqganConfig config(ComponentSpec spec) {
        return VqganConfig.from(Factories.options(TYPE, spec));
    }
}
