package io.dckd.tasks.task;

import io.dckd.core.spi.ComponentSpec;
import io.dckd.core.spi.RestorationTask;
import io.dckd.core.spi.Task;

/**
 * Built-in task {@code deblur}: {@code task { type = deblur, kernel = gaussian | motion | mixed,
 * kernel_size, sigma_range, motion_length_range, motion_angle_range }}; metrics on RGB, crop 0.
 * With {@code dataroot_lq} (GoPro-style blur/sharp folders) the pairs are used as given.
 */
public final class DeblurTask implements Task {
    @Override
    public String type() {
        return "deblur";
    }

    @Override
    public String description() {
        return "deblur: Gaussian / linear motion blur (or paired blur/sharp folders)";
    }

    @Override
    public RestorationTask create(ComponentSpec spec) {
        TaskOptions o = TaskOptions.of(spec, "deblur");
        int k = o.positiveInt("kernel_size");
        if (k % 2 == 0) {
            throw o.bad("kernel_size", "kernel_size must be odd, got " + k);
        }
        checkScaleOne(o);
        return new Deblurring(o.string("kernel", "gaussian", "motion", "mixed"), k, o.range("sigma_range", 0.01, 100),
                o.range("motion_length_range", 1, k), o.range("motion_angle_range", -360, 360));
    }

    static void checkScaleOne(TaskOptions o) {
        if (o.positiveInt("scale") != 1) {
            throw o.bad("scale", "this task keeps the image size: scale must be 1");
        }
    }
}
