package io.dckd.tasks.task;

import io.dckd.core.config.ComponentOptions;
import io.dckd.core.spi.RestorationTask;

/**
 * Built-in task {@code derain}: synthetic rain streaks ({@code rain_density_range},
 * {@code rain_angle_range}, {@code rain_length_range}, {@code rain_intensity_range}) or paired
 * rainy/clean folders; metrics on Y (as the deraining literature reports), crop 0.
 */
public final class DerainTask extends BuiltInTask {

    public DerainTask() {
        super("derain", "derain: synthetic rain streaks (or paired rainy/clean folders)");
    }

    @Override
    protected RestorationTask build(ComponentOptions o) {
        return new Deraining(o.interval("rain_density_range"), o.interval("rain_angle_range"),
                o.interval("rain_length_range"), o.interval("rain_intensity_range"));
    }
}
