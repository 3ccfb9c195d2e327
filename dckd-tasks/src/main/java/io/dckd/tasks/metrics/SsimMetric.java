package io.dckd.tasks.metrics;

import io.dckd.core.image.RgbImage;

/**
 * Built-in metric {@code calculate_ssim} (BasicSR's name): {@link Ssim} on both images quantised to
 * 8 bits ({@link RgbImage#toUint8()}). Options: {@code crop_border}, {@code test_y_channel}.
 */
public final class SsimMetric extends Uint8Metric {

    public SsimMetric() {
        super("calculate_ssim", Ssim::compute);
    }
}
