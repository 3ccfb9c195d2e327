package io.dckd.tasks.task;

import io.dckd.core.spi.ComponentSpec;
import io.dckd.core.spi.RestorationTask;
import io.dckd.core.spi.Task;

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
        TaskOptions o = TaskOptions.of(spec, "derain");
        DeblurTask.checkScaleOne(o);
        return new Deraining(o.range("rain_density_range", 0, 1), o.range("rain_angle_range", -90, 90),
                o.range("rain_length_range", 1, 1000), o.range("rain_intensity_range", 0, 1));
    }
}
