package io.dckd.backbones.rcan;

import io.dckd.backbones.kit.BackboneOptions;
import io.dckd.backbones.kit.Factories;
import io.dckd.backbones.kit.BuiltBackbone;
import io.dckd.core.spi.Backbone;
import io.dckd.core.spi.BackboneFactory;
import io.dckd.core.spi.ComponentSpec;

/**
 * Built-in {@code RCAN}. Options (BasicSR names, defaults in {@code dckd.backbones.defaults.RCAN}):
 * {@code num_in_ch, num_out_ch, num_feat, num_group, num_block, squeeze_factor, upscale,
 * res_scale, img_range, rgb_mean, feature_taps} ({@code feature_taps = true}: the output of every
 * residual group follows the image, see {@link RCAN}).
 */
public final class RCANFactory implements BackboneFactory {

    public static final String TYPE = "RCAN";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String description() {
        return "RCAN: residual channel attention network (BasicSR rcan_arch.py)";
    }

    @Override
    public Backbone create(ComponentSpec spec) {
        BackboneOptions o = Factories.options(TYPE, spec);
        int numIn = o.positiveInt("num_in_ch");
        int numFeat = o.positiveInt("num_feat");
        int squeeze = o.positiveInt("squeeze_factor");
        if (numFeat / squeeze < 1) {
            throw o.bad("squeeze_factor", "squeeze_factor " + squeeze + " leaves no channels of num_feat " + numFeat);
        }
        int upscale = Factories.upscale(o);
        RCAN.Options options = new RCAN.Options(numIn, o.positiveInt("num_out_ch"), numFeat,
                o.positiveInt("num_group"), o.positiveInt("num_block"), squeeze, upscale,
                o.getFloat("res_scale"), o.getFloat("img_range"), Factories.rgbMean(o, numIn), o.getBoolean("feature_taps"));
        RCAN net = new RCAN(options);
        return new BuiltBackbone(TYPE, net, upscale, 1, options.featureTaps() ? net.featureTapNames() : java.util.List.of(),
                BuiltBackbone.WeightInit.torchDefaults());
    }
}
