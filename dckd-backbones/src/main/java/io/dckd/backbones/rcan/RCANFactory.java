package io.dckd.backbones.rcan;

import io.dckd.backbones.kit.BackboneOptions;
import io.dckd.backbones.kit.BuiltBackbone;
import io.dckd.backbones.kit.BuiltInBackboneFactory;
import io.dckd.backbones.kit.Factories;
import io.dckd.core.spi.Backbone;
import java.util.List;

/**
 * Built-in {@code RCAN}. Options (BasicSR names, defaults in {@code dckd.backbones.defaults.RCAN}):
 * {@code num_in_ch, num_out_ch, num_feat, num_group, num_block, squeeze_factor, upscale,
 * res_scale, img_range, rgb_mean, feature_taps} ({@code feature_taps = true}: the output of every
 * residual group follows the image, see {@link RCAN}).
 */
public final class RCANFactory extends BuiltInBackboneFactory {

    public static final String TYPE = "RCAN";

    public RCANFactory() {
        super(TYPE, "RCAN: residual channel attention network (BasicSR rcan_arch.py)", RCANFactory::build);
    }

    private static Backbone build(BackboneOptions o) {
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
        return new BuiltBackbone(TYPE, net, upscale, 1, options.featureTaps() ? net.featureTapNames() : List.of(),
                BuiltBackbone.WeightInit.torchDefaults());
    }
}
