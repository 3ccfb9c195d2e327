package io.dckd.tasks.metrics;

import io.dckd.core.image.RgbImage;
import io.dckd.core.spi.ComponentSpec;
import io.dckd.core.spi.Metric;

/**
 * Built-in metric {@code calculate_psnr} (BasicSR's name): {@link Psnr} on both images quantised to
 * 8 bits ({@link RgbImage#toUint8()}). Options: {@code crop_border}, {@code test_y_channel}.
 */
public final class PsnrMetric implements Metric {

    @Override
    public String type() {
        return "calculate_psnr";
    }

    @Override
    public ImageMetric create(ComponentSpec spec) {
        MetricOptions o = MetricOptions.from(spec);
        return (restored, gt) -> {
            Sizes.check(restored, gt);
            return Psnr.compute(restored.toUint8(), gt.toUint8(), gt.width(), gt.height(), o.cropBorder(), o.testYChannel());
        };
    }
}
