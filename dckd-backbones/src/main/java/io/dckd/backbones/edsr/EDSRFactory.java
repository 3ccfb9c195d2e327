package io.dckd.backbones.edsr;

import io.dckd.backbones.kit.BackboneOptions;
import io.dckd.backbones.kit.BuiltBackbone;
import io.dckd.backbones.kit.BuiltInBackboneFactory;
import io.dckd.backbones.kit.Factories;
import io.dckd.core.spi.Backbone;

/**
 * Built-in {@code EDSR}. Options (BasicSR names, defaults in {@code dckd.backbones.defaults.EDSR}):
 * {@code num_in_ch, num_out_ch, num_feat, num_block, upscale, res_scale, img_range, rgb_mean}.
 */
public final class EDSRFactory extends BuiltInBackboneFactory {

    public static final String TYPE = "EDSR";

    public EDSRFactory() {
        super(TYPE, "EDSR: enhanced deep residual network (BasicSR edsr_arch.py)", EDSRFactory::build);
    }

    private static Backbone build(BackboneOptions o) {
        int numIn = o.positiveInt("num_in_ch");
        int upscale = Factories.upscale(o);
        EDSR.Options options = new EDSR.Options(numIn, o.positiveInt("num_out_ch"),
                o.positiveInt("num_feat"), o.positiveInt("num_block"), upscale,
                o.getFloat("res_scale"), o.getFloat("img_range"), Factories.rgbMean(o, numIn));
        return new BuiltBackbone(TYPE, new EDSR(options), upscale, 1, BuiltBackbone.WeightInit.torchDefaults());
    }
}
