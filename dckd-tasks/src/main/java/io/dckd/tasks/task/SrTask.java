package io.dckd.tasks.task;

import io.dckd.core.spi.ComponentSpec;
import io.dckd.core.spi.RestorationTask;
import io.dckd.core.spi.Task;
import io.dckd.tasks.config.TasksReference;

/**
 * Built-in task {@code sr}: bicubic super-resolution, {@code task { type = sr, scale = 4 }}. LQ =
 * MATLAB bicubic ×1/scale of the mod-cropped GT rounded to 8 bits; baseline = bicubic ×scale;
 * default metrics PSNR/SSIM on Y with crop_border = scale (BasicSR's SR test settings).
 */
public final class SrTask implements Task {
    @Override
    public String type() {
        return "sr";
    }

    @Override
    public String description() {
        return "sr: bicubic super-resolution (MATLAB imresize), option scale";
    }

    @Override
    public RestorationTask create(ComponentSpec spec) {
        return new SuperResolution(TasksReference.task(type()).read(spec).getInt("scale"));
    }
}
