package io.dckd.tasks.task;

import io.dckd.core.config.ComponentOptions;
import io.dckd.core.spi.RestorationTask;

/**
 * Built-in task {@code sr}: bicubic super-resolution, {@code task { type = sr, scale = 4 }}. LQ =
 * MATLAB bicubic ×1/scale of the mod-cropped GT rounded to 8 bits; baseline = bicubic ×scale;
 * default metrics PSNR/SSIM on Y with crop_border = scale (BasicSR's SR test settings).
 */
public final class SrTask extends BuiltInTask {

    public SrTask() {
        super("sr", "sr: bicubic super-resolution (MATLAB imresize), option scale");
    }

    @Override
    protected RestorationTask build(ComponentOptions o) {
        return new SuperResolution(o.getInt("scale"));
    }
}
