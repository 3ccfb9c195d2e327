package io.dckd.backbones.nafnet;

import io.dckd.backbones.kit.BackboneOptions;
import io.dckd.backbones.kit.BuiltBackbone;
import io.dckd.backbones.kit.BuiltInBackboneFactory;
import io.dckd.core.spi.Backbone;

/**
 * Registry type {@code NAFNet} ({@link NAFNet}); options (official names, defaults in
 * {@code dckd.backbones.defaults.NAFNet}): {@code img_channel}, {@code width}, {@code middle_blk_num},
 * {@code enc_blk_nums}, {@code dec_blk_nums}. Scale 1. {@code sizeMultiple()} is 1 because the
 * network zero-pads to a multiple of 2^levels itself, as the official forward does (reflection
 * padding outside would change the output near the border).
 */
public final class NAFNetFactory extends BuiltInBackboneFactory {

    /** The registry key. */
    public static final String TYPE = "NAFNet";

    public NAFNetFactory() {
        super(TYPE, "NAFNet (Chen et al. 2022): nonlinear-activation-free U-Net for deblurring and denoising", NAFNetFactory::build);
    }

    private static Backbone build(BackboneOptions o) {
        NAFNet net = new NAFNet(o.positiveInt("img_channel"), o.positiveInt("width"),
                o.getInt("middle_blk_num"), o.positiveInts("enc_blk_nums", true), o.positiveInts("dec_blk_nums", true));
        return new BuiltBackbone(TYPE, net, 1, 1, BuiltBackbone.WeightInit.fresh());
    }
}
