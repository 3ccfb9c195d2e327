package io.dckd.backbones.restormer;

import io.dckd.backbones.kit.BackboneOptions;
import io.dckd.backbones.kit.BuiltBackbone;
import io.dckd.backbones.kit.BuiltInBackboneFactory;
import io.dckd.core.spi.Backbone;

/**
 * Registry type {@code Restormer} ({@link Restormer}); options (official names, defaults in
 * {@code dckd.backbones.defaults.Restormer}): {@code inp_channels}, {@code out_channels}, {@code dim},
 * {@code num_blocks}, {@code num_refinement_blocks}, {@code heads}, {@code ffn_expansion_factor},
 * {@code bias}, {@code LayerNorm_type} (WithBias | BiasFree). Scale 1, inputs padded to a multiple of 8.
 */
public final class RestormerFactory extends BuiltInBackboneFactory {

    /** The registry key. */
    public static final String TYPE = "Restormer";

    public RestormerFactory() {
        super(TYPE, "Restormer (Zamir et al. 2022): transposed-attention U-Net transformer for deblurring and deraining", RestormerFactory::build);
    }

    private static Backbone build(BackboneOptions o) {
        String norm = o.getString("LayerNorm_type");
        if (!norm.equals("WithBias") && !norm.equals("BiasFree")) {
            throw o.bad("LayerNorm_type", "LayerNorm_type must be WithBias or BiasFree, got " + norm);
        }
        double ffn = o.getDouble("ffn_expansion_factor");
        if (ffn <= 0) {
            throw o.bad("ffn_expansion_factor", "ffn_expansion_factor must be > 0, got " + ffn);
        }
        Restormer net = new Restormer(o.positiveInt("inp_channels"), o.positiveInt("out_channels"),
                o.positiveInt("dim"), o.positiveInts("num_blocks", true), o.getInt("num_refinement_blocks"),
                o.positiveInts("heads", false), ffn, o.getBoolean("bias"), norm.equals("WithBias"));
        return new BuiltBackbone(TYPE, net, 1, 8, BuiltBackbone.WeightInit.fresh());
    }
}
