package io.dckd.tasks.task;

import io.dckd.core.config.ComponentOptions;
import io.dckd.core.spi.ComponentSpec;
import io.dckd.core.spi.RestorationTask;
import io.dckd.core.spi.Task;
import io.dckd.tasks.config.TasksReference;

/**
 * Built-in task {@code derain}: synthetic rain streaks ({@code rain_density_range},
 * {@code rain_angle_range}, {@code rain_length_range}, {@code rain_intensity_range}) or paired
 * rainy/clean folders; metrics on Y (as the deraining literature reports), crop 0.
 */
public final class DerainTask implements Task {
    @Override
    public String type() {
        return "derain";
    }

    @Override
    public String description() {
        return "derain: synthetic rain streaks (or paired rainy/clean folders)";
    }

    @Override
    public RestorationTask create(ComponentSpec spec) {
        ComponentOptions o = TasksReference.task(type()).read(spec);
        return new Deraining(o.interval("rain_density_range"), o.interval("rain_angle_range"),
                o.interval("rain_length_range"), o.interval("rain_intensity_range"));
    }
}
