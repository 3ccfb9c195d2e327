package io.dckd.tasks.task;

import io.dckd.core.config.ComponentOptions;
import io.dckd.core.spi.RestorationTask;
import java.util.List;

/**
 * Built-in task {@code deblur}: {@code task { type = deblur, kernel = gaussian | motion | mixed,
 * kernel_size, sigma_range, motion_length_range, motion_angle_range }}; metrics on RGB, crop 0.
 * With {@code dataroot_lq} (GoPro-style blur/sharp folders) the pairs are used as given.
 */
public final class DeblurTask extends BuiltInTask {

    public DeblurTask() {
        super("deblur", "deblur: Gaussian / linear motion blur (or paired blur/sharp folders)");
    }

    @Override
    protected RestorationTask build(ComponentOptions o) {
        int k = o.getInt("kernel_size");
        if (k % 2 == 0) {
            throw o.bad("kernel_size", "kernel_size must be odd, got " + k);
        }
        double[] length = o.interval("motion_length_range");
        if (length[1] > k) {
            throw o.bad("motion_length_range", "streaks longer than kernel_size " + k + " do not fit the kernel, got "
                    + length[0] + ".." + length[1]);
        }
        return new Deblurring(o.oneOf("kernel", List.of("gaussian", "motion", "mixed")), k, o.interval("sigma_range"),
                length, o.interval("motion_angle_range"));
    }
}
