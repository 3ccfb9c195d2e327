package io.dckd.core.infer;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import io.dckd.core.nn.TorchNames;
import io.dckd.core.spi.Backbone;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A conservative bound, in input pixels, on how far from an output pixel the input pixels it
 * depends on can lie: how much context a tile needs beyond the pixels it is trusted for. Read off
 * the parameters, so it holds for any backbone, built-in or plugin:
 *
 * <ul>
 *   <li>every k×k convolution adds (k−1)/2 (counted at input resolution even when it runs on the
 *       upsampled features, which overestimates);
 *   <li>every window-attention layer (a {@code relative_position_bias_table}, SwinIR) adds one
 *       window minus one, the window being the backbone's size multiple;
 *   <li>a U-Net (an {@link #alignment} > 1 without window attention) multiplies the sum by its
 *       alignment, as if every convolution ran at the coarsest level.
 * </ul>
 *
 * <p>Global pooling (RCAN's channel attention, NAFNet's simplified channel attention, Restormer's
 * transposed attention) makes every output depend a little on the whole image; no overlap covers
 * that, which is why tiled output of those networks is close to, not equal to, the whole-image
 * output.
 */
public final class ReceptiveField {

    private ReceptiveField() {}

    /**
     * The grid tiles must start on for a tile to see the same pixel grid as the whole image: the
     * size multiple, or 2^levels for a U-Net that downsamples with 2×2 stride-2 convolutions and pads
     * internally (NAFNet declares a size multiple of 1: tiles off its 16-pixel grid came out 26 dB
     * from the whole-image pass).
     */
    public static int alignment(Backbone backbone) {
        return alignment(shapes(backbone), backbone.sizeMultiple());
    }

    /** The radius bound of {@code backbone}'s initialised block. */
    public static int radius(Backbone backbone) {
        return radius(shapes(backbone), backbone.sizeMultiple());
    }

    /**
     * {@link #alignment(Backbone)} from parameter shapes by PyTorch state-dict key (an exported
     * model's initializers carry those keys) and the network's size multiple.
     */
    public static int alignment(Map<String, Shape> parameters, int sizeMultiple) {
        int levels = 0;
        for (Shape s : parameters.values()) {
            if (s.dimension() == 4 && s.get(2) == 2 && s.get(3) == 2) {
                levels++;
            }
        }
        return Math.max(sizeMultiple, 1 << Math.min(levels, 6));
    }

    /** {@link #radius(Backbone)} from parameter shapes by PyTorch state-dict key and the size multiple. */
    public static int radius(Map<String, Shape> parameters, int sizeMultiple) {
        int convs = 0;
        int windows = 0;
        int multiple = alignment(parameters, sizeMultiple);
        for (Map.Entry<String, Shape> e : parameters.entrySet()) {
            if (e.getKey().endsWith("relative_position_bias_table")) {
                windows++;
                continue;
            }
            Shape s = e.getValue();
            if (e.getKey().endsWith("weight") && s.dimension() == 4) {
                convs += (int) (Math.max(s.get(2), s.get(3)) - 1) / 2;
            }
        }
        if (windows > 0) {
            return convs + windows * (multiple - 1);
        }
        return convs * multiple;
    }

    private static Map<String, Shape> shapes(Backbone backbone) {
        Map<String, Shape> out = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : TorchNames.parameters(backbone.block()).entrySet()) {
            out.put(e.getKey(), e.getValue().getArray().getShape());
        }
        return out;
    }
}
