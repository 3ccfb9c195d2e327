package io.dckd.tasks.metrics;

import io.dckd.core.config.ComponentOptions;
import io.dckd.core.spi.ComponentSpec;
import io.dckd.tasks.config.TasksReference;

/**
 * The options of BasicSR's metric functions, bound from {@code val.metrics.<name>}.
 *
 * @param cropBorder pixels removed on each side ({@code crop_border})
 * @param testYChannel measure on Y of YCbCr ({@code test_y_channel})
 */
public record MetricOptions(int cropBorder, boolean testYChannel) {

    /** Binds a metric spec over the defaults in {@code dckd.tasks.metrics}; unknown keys are errors. */
    public static MetricOptions from(ComponentSpec spec) {
        ComponentOptions c = ComponentOptions.over(TasksReference.defaults("metrics")).read(spec);
        int crop = c.getInt("crop_border");
        if (crop < 0) {
            throw c.bad("crop_border", "crop_border must be >= 0, got " + crop);
        }
        return new MetricOptions(crop, c.getBoolean("test_y_channel"));
    }
}
