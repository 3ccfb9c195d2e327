package io.dckd.tasks.metrics;

import com.typesafe.config.Config;
import io.dckd.core.spi.ComponentSpec;
import io.dckd.tasks.config.ConfigKeys;

/**
 * The options of BasicSR's metric functions, bound from {@code val.metrics.<name>}.
 *
 * @param cropBorder pixels removed on each side ({@code crop_border})
 * @param testYChannel measure on Y of YCbCr ({@code test_y_channel})
 */
public record MetricOptions(int cropBorder, boolean testYChannel) {

    /** Binds a metric spec over the defaults in {@code dckd.tasks.metrics}; unknown keys are errors. */
    public static MetricOptions from(ComponentSpec spec) {
        Config defaults = ConfigKeys.defaults().getConfig("metrics");
        ConfigKeys.check(spec.params(), defaults, spec.path(), "type");
        Config c = spec.params().withFallback(defaults);
        int crop = c.getInt("crop_border");
        if (crop < 0) {
            throw new com.typesafe.config.ConfigException.BadValue(c.getValue("crop_border").origin(), "crop_border",
                    "crop_border must be >= 0, got " + crop);
        }
        return new MetricOptions(crop, c.getBoolean("test_y_channel"));
    }
}
