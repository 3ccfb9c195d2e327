package io.dckd.tasks.metrics;

import io.dckd.core.image.RgbImage;
import io.dckd.core.spi.ComponentSpec;
import io.dckd.core.spi.Metric;

/**
 * Built-in metric {@code calculate_ssim} (BasicSR's name): {@link Ssim} on both images quantised to
 * 8 bits ({@link RgbImage#toUint8()}). Options: {@code crop_border}, {@code test_y_channel}.
 */
public final class SsimMetric implements Metric {

    @Override
    public String type() {
        return "calculate_ssim";
    }

    @Override
    public ImageMetric create(ComponentSpec spec) {
        MetricOptions o = MetricOptions.from(spec);
        return (restored, gt) -> {
            Sizes.check(restored, gt);
            return Ssim.compute(restored.toUint8(), gt.toUint8(), gt.width(), gt.height(), o.cropBorder(), o.testYChannel());
        };
    }
}
