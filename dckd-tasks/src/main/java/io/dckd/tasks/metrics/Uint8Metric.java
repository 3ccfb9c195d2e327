package io.dckd.tasks.metrics;

import io.dckd.core.image.RgbImage;
import io.dckd.core.spi.ComponentSpec;
import io.dckd.core.spi.Metric;

/**
 * A built-in metric computed, as BasicSR does, on both images quantised to 8 bits
 * ({@link RgbImage#toUint8()}), with the options {@code crop_border} and {@code test_y_channel}
 * ({@link MetricOptions}).
 */
abstract class Uint8Metric implements Metric {

    /** A full-reference measure on interleaved 8-bit RGB pixels. */
    @FunctionalInterface
    interface Uint8Measure {
        double compute(int[] restored, int[] gt, int width, int height, int cropBorder, boolean yChannel);
    }

    private final String type;
    private final Uint8Measure measure;

    Uint8Metric(String type, Uint8Measure measure) {
        this.type = type;
        this.measure = measure;
    }

    @Override
    public final String type() {
        return type;
    }

    @Override
    public final ImageMetric create(ComponentSpec spec) {
        MetricOptions o = MetricOptions.from(spec);
        return (restored, gt) -> {
            Sizes.check(restored, gt);
            return measure.compute(restored.toUint8(), gt.toUint8(), gt.width(), gt.height(), o.cropBorder(), o.testYChannel());
        };
    }
}
