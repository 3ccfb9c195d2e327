package io.dckd.backbones.restormer;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.dckd.backbones.layers.BuiltBackbone;
import io.dckd.backbones.layers.Options;
import io.dckd.core.spi.Backbone;
import io.dckd.core.spi.BackboneFactory;
import io.dckd.core.spi.ComponentSpec;

/**
 * Registry type {@code Restormer} ({@link Restormer}); options (official names, defaults in
 * {@code dckd.backbones.Restormer}): {@code inp_channels}, {@code out_channels}, {@code dim},
 * {@code num_blocks}, {@code num_refinement_blocks}, {@code heads}, {@code ffn_expansion_factor},
 * {@code bias}, {@code LayerNorm_type} (WithBias | BiasFree). Scale 1, inputs padded to a multiple of 8.
 */
public final class RestormerFactory implements BackboneFactory {

    /** The registry key. */
    public static final String TYPE = "Restormer";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String description() {
        return "Restormer (Zamir et al. 2022): transposed-attention U-Net transformer for deblurring and deraining";
    }

    @Override
    public Backbone create(ComponentSpec spec) {
        Config c = Options.resolve(spec, Options.reference("dckd.backbones." + TYPE));
        String norm = c.getString("LayerNorm_type");
        if (!norm.equals("WithBias") && !norm.equals("BiasFree")) {
            throw new ConfigException.BadValue(c.getValue("LayerNorm_type").origin(), "LayerNorm_type",
                    "must be WithBias or BiasFree, got " + norm);
        }
        double ffn = c.getDouble("ffn_expansion_factor");
        if (ffn <= 0) {
            throw new ConfigException.BadValue(c.getValue("ffn_expansion_factor").origin(), "ffn_expansion_factor", "must be > 0, got " + ffn);
        }
        Restormer net = new Restormer(Options.positiveInt(c, "inp_channels"), Options.positiveInt(c, "out_channels"),
                Options.positiveInt(c, "dim"), Options.positiveInts(c, "num_blocks", true), c.getInt("num_refinement_blocks"),
                Options.positiveInts(c, "heads", false), ffn, c.getBoolean("bias"), norm.equals("WithBias"));
        return new BuiltBackbone(TYPE, net, 1, 8);
    }
}
