package io.dckd.plugins.dckd.dnsg;

import io.dckd.core.config.ComponentOptions;
import io.dckd.core.spi.ComponentSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Options of {@link Dnsg}, with the official names (defaults in {@code dckd.plugins.dckd.DNSG}).
 *
 * @param numNeg degraded copies per batch ({@code num_neg}); the sampler yields num_neg + 1 inputs
 * @param blurProb probability of the Gaussian blur ({@code gaussian_blur_prob})
 * @param kernelRange odd kernel sizes [lo, hi] ({@code blur_kernel_range}), drawn uniformly among the odd sizes
 * @param sigmaRange blur sigma range ({@code blur_sigma_range}), uniform
 * @param resizeProb probability of the resize ({@code resize_prob})
 * @param upProb probability that a resize scales up ({@code resize_up_prob})
 * @param upRange scale range going up ({@code resize_up_range})
 * @param downRange scale range going down ({@code resize_down_range})
 * @param modes interpolation modes drawn uniformly ({@code resize_modes})
 * @param noiseProb probability of the Gaussian noise ({@code gaussian_noise_prob})
 * @param noiseRange sigma range in /255 units ({@code noise_range}), drawn per sample
 * @param grayProb probability that a sample gets gray noise ({@code gray_noise_prob})
 * @param clip clamp to [0, 1] after the noise ({@code clip})
 */
public record DnsgOptions(int numNeg, double blurProb, int[] kernelRange, double[] sigmaRange, double resizeProb,
                          double upProb, double[] upRange, double[] downRange, List<ResizeMode> modes,
                          double noiseProb, double[] noiseRange, double grayProb, boolean clip) {

    /** Reads and checks {@code spec} over the plugin's defaults ({@code dckd.plugins.dckd.DNSG}) and ranges. */
    public static DnsgOptions from(ComponentSpec spec) {
        ComponentOptions o = ComponentOptions.ofType(ComponentOptions.reference(DnsgOptions.class), "dckd.plugins.dckd", Dnsg.TYPE)
                .read(spec);
        int[] k = o.getInts("blur_kernel_range");
        if (k.length != 2 || k[0] > k[1] || k[0] % 2 == 0 || k[1] % 2 == 0) {
            throw o.bad("blur_kernel_range", "must hold two odd kernel sizes [lo, hi], got "
                    + o.config().getValue("blur_kernel_range").render());
        }
        List<ResizeMode> modes = new ArrayList<>();
        for (String m : o.getStrings("resize_modes")) {
            try {
                modes.add(ResizeMode.valueOf(m.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw o.bad("resize_modes", "unknown mode '" + m + "'; valid: area, bilinear, bicubic");
            }
        }
        if (modes.isEmpty()) {
            throw o.bad("resize_modes", "needs at least one of area, bilinear, bicubic");
        }
        // dckd.ranges.types.DNSG bounds the probabilities, sizes and ranges; what is left is their order
        return new DnsgOptions(o.getInt("num_neg"), o.getDouble("gaussian_blur_prob"), k, o.interval("blur_sigma_range"),
                o.getDouble("resize_prob"), o.getDouble("resize_up_prob"), o.interval("resize_up_range"),
                o.interval("resize_down_range"), List.copyOf(modes), o.getDouble("gaussian_noise_prob"),
                o.interval("noise_range"), o.getDouble("gray_noise_prob"), o.getBoolean("clip"));
    }
}
