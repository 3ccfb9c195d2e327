package io.dckd.core.spi;

import io.dckd.core.image.RgbImage;
import org.pf4j.ExtensionPoint;

/**
 * SPI: an image-quality metric such as BasicSR's {@code calculate_psnr} and {@code calculate_ssim}.
 * Config: {@code val.metrics.psnr { type = calculate_psnr, crop_border = 4, test_y_channel = true }}.
 */
public interface Metric extends ExtensionPoint {

    /** The registry key, e.g. {@code calculate_psnr}. */
    String type();

    /** Builds the metric with its options (crop border, Y channel, ...). */
    ImageMetric create(ComponentSpec spec);

    /** A configured metric. */
    interface ImageMetric {
        /**
         * Measures {@code restored} against {@code gt}. Both are quantised to 8 bits first (clamp to
         * [0,1], ×255, round), as BasicSR's {@code tensor2img} does; sizes must match.
         */
        double compute(RgbImage restored, RgbImage gt);

        /** True if larger is better (PSNR, SSIM). */
        default boolean higherIsBetter() {
            return true;
        }
    }
}
