package io.dckd.backbones.swinir;

import com.typesafe.config.ConfigValueType;
import io.dckd.backbones.kit.BackboneOptions;
import io.dckd.backbones.kit.BuiltBackbone;
import io.dckd.backbones.kit.BuiltInBackboneFactory;
import io.dckd.backbones.kit.Factories;
import io.dckd.backbones.kit.Upsample;
import io.dckd.core.spi.Backbone;
import io.dckd.core.spi.ComponentSpec;
import java.util.List;
import java.util.Set;

/**
 * Built-in {@code SwinIR}. Options (BasicSR names, defaults in {@code dckd.backbones.defaults.SwinIR}):
 * {@code upscale, in_chans, img_size (int or [h, w]), patch_size (1), window_size, img_range, depths,
 * embed_dim, num_heads, mlp_ratio, qkv_bias, qk_scale, drop_rate, attn_drop_rate, drop_path_rate,
 * ape, patch_norm, upsampler ('pixelshuffle' | 'pixelshuffledirect' | 'nearest+conv' | '' for none),
 * resi_connection ('1conv' | '3conv')}.
 */
public final class SwinIRFactory extends BuiltInBackboneFactory {

    public static final String TYPE = "SwinIR";
    private static final Set<String> UPSAMPLERS = Set.of("pixelshuffle", "pixelshuffledirect", "nearest+conv", "");

    public SwinIRFactory() {
        super(TYPE, "SwinIR: residual Swin transformer blocks (BasicSR swinir_arch.py)", SwinIRFactory::build);
    }

    private static Backbone build(BackboneOptions o) {
        SwinIROptions options = options(o);
        int scale = options.upsampler().isEmpty() ? 1 : options.upscale();
        return new BuiltBackbone(TYPE, new SwinIR(options), scale, options.effectiveWindowSize(),
                BuiltBackbone.WeightInit.torchDefaultsThen(SwinIRInit::apply));
    }

    /** Reads and validates the options of {@code spec} (a SwinIR spec or a SwinIR preset). */
    public static SwinIROptions options(ComponentSpec spec) {
        return options(Factories.options(TYPE, spec));
    }

    private static SwinIROptions options(BackboneOptions o) {
        String upsampler = o.getString("upsampler");
        if (!UPSAMPLERS.contains(upsampler)) {
            throw o.bad("upsampler", "upsampler must be one of 'pixelshuffle', 'pixelshuffledirect', 'nearest+conv' or '' (none), got '" + upsampler + "'");
        }
        int upscale = o.getInt("upscale");
        if (upsampler.equals("pixelshuffle") && !Upsample.supports(upscale)) {
            throw o.bad("upscale", "upscale " + upscale + " is not supported by 'pixelshuffle'; supported: 2^n and 3");
        }
        if (upsampler.equals("pixelshuffledirect") && upscale < 1) {
            throw o.bad("upscale", "upscale must be >= 1, got " + upscale);
        }
        if (upsampler.equals("nearest+conv") && upscale != 4) {
            throw o.bad("upscale", "'nearest+conv' supports only upscale 4 (as BasicSR), got " + upscale);
        }
        if (o.getInt("patch_size") != 1) {
            throw o.bad("patch_size", "only patch_size 1 is supported (SwinIR's PatchEmbed only flattens), got " + o.getInt("patch_size"));
        }
        int imgH;
        int imgW;
        if (o.valueType("img_size") == ConfigValueType.LIST) {
            List<Integer> hw = o.getIntList("img_size");
            if (hw.size() != 2) {
                throw o.bad("img_size", "img_size must be an int or [h, w], got " + hw);
            }
            imgH = hw.get(0);
            imgW = hw.get(1);
        } else {
            imgH = o.getInt("img_size");
            imgW = imgH;
        }
        if (imgH < 1 || imgW < 1) {
            throw o.bad("img_size", "img_size must be positive");
        }
        int window = o.positiveInt("window_size");
        int embed = o.positiveInt("embed_dim");
        List<Integer> depths = o.getIntList("depths");
        List<Integer> heads = o.getIntList("num_heads");
        if (depths.isEmpty() || depths.stream().anyMatch(d -> d < 1)) {
            throw o.bad("depths", "depths must be a non-empty list of positive ints, got " + depths);
        }
        if (heads.size() != depths.size()) {
            throw o.bad("num_heads", "num_heads needs one entry per RSTB (" + depths.size() + "), got " + heads);
        }
        for (int h : heads) {
            if (h < 1 || embed % h != 0) {
                throw o.bad("num_heads", "embed_dim " + embed + " must be divisible by every num_heads entry, got " + heads);
            }
        }
        String resi = o.getString("resi_connection");
        if (!resi.equals("1conv") && !resi.equals("3conv")) {
            throw o.bad("resi_connection", "resi_connection must be '1conv' or '3conv', got '" + resi + "'");
        }
        float dpr = o.getFloat("drop_path_rate");
        if (dpr < 0 || dpr >= 1) {
            throw o.bad("drop_path_rate", "drop_path_rate must be in [0, 1), got " + dpr);
        }
        Float qkScale = o.isNull("qk_scale") ? null : o.getFloat("qk_scale");
        return new SwinIROptions(upscale, o.positiveInt("in_chans"), imgH, imgW, window, o.getFloat("img_range"),
                List.copyOf(depths), embed, List.copyOf(heads), o.getFloat("mlp_ratio"), o.getBoolean("qkv_bias"),
                qkScale, o.getFloat("drop_rate"), o.getFloat("attn_drop_rate"), dpr, o.getBoolean("ape"),
                o.getBoolean("patch_norm"), upsampler, resi);
    }
}
