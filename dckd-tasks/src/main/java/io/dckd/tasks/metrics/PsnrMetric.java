package io.dckd.tasks.metrics;

import io.dckd.core.image.RgbImage;

/**
 * Built-in metric {@code calculate_psnr} (BasicSR's name): {@link Psnr} on both images quantised to
 * 8 bits ({@link RgbImage#toUint8()}). Options: {@code crop_border}, {@code test_y_channel}.
 */
public final class PsnrMetric extends Uint8Metric {

    public PsnrMetric() {
        super("calculate_psnr", Psnr::compute);
    }
}
