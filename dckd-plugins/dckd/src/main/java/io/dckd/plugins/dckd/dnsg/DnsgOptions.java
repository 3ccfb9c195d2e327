package io.dckd.plugins.dckd.dnsg;

import com.typesafe.config.Config;
import io.dckd.core.spi.ComponentSpec;
import io.dckd.plugins.dckd.PluginOptions;
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

    /** Reads and checks {@code spec} over the plugin's defaults. */
    public static DnsgOptions from(ComponentSpec spec) {
        Config c = PluginOptions.resolve(spec, PluginOptions.defaults(Dnsg.TYPE));
        double[] k = PluginOptions.range(c, "blur_kernel_range", 1);
        int klo = (int) k[0];
        int khi = (int) k[1];
        if (klo != k[0] || khi != k[1] || klo % 2 == 0 || khi % 2 == 0) {
            throw PluginOptions.bad(c, "blur_kernel_range", "must hold two odd kernel sizes, got " + c.getValue("blur_kernel_range").render());
        }
        List<ResizeMode> modes = new ArrayList<>();
        for (String m : c.getStringList("resize_modes")) {
            try {
                modes.add(ResizeMode.valueOf(m.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw PluginOptions.bad(c, "resize_modes", "unknown mode '" + m + "'; valid: area, bilinear, bicubic");
            }
        }
        if (modes.isEmpty()) {
            throw PluginOptions.bad(c, "resize_modes", "needs at least one of area, bilinear, bicubic");
        }
        double[] up = PluginOptions.range(c, "resize_up_range", 1);
        double[] down = PluginOptions.range(c, "resize_down_range", 0);
        if (!(down[0] > 0) || down[1] > 1) {
            throw PluginOptions.bad(c, "resize_down_range", "must lie in (0, 1], got " + c.getValue("resize_down_range").render());
        }
        return new DnsgOptions(PluginOptions.positiveInt(c, "num_neg"),
                PluginOptions.probability(c, "gaussian_blur_prob"), new int[] {klo, khi},
                positiveRange(c, "blur_sigma_range"),
                PluginOptions.probability(c, "resize_prob"), PluginOptions.probability(c, "resize_up_prob"),
                up, down, List.copyOf(modes),
                PluginOptions.probability(c, "gaussian_noise_prob"), PluginOptions.range(c, "noise_range", 0),
                PluginOptions.probability(c, "gray_noise_prob"), c.getBoolean("clip"));
    }

    private static double[] positiveRange(Config c, String key) {
        double[] r = PluginOptions.range(c, key, 0);
        if (!(r[0] > 0)) {
            throw PluginOptions.bad(c, key, "must be > 0, got " + c.getValue(key).render());
        }
        return r;
    }
}
