package io.dckd.tasks.task;

import io.dckd.core.spi.ComponentSpec;
import io.dckd.core.spi.RestorationTask;
import io.dckd.core.spi.Task;

/**
 * Built-in task {@code denoise}: additive Gaussian noise, {@code sigma} (0..255 scale; a list is drawn
 * from per image, e.g. [15, 25, 50]), {@code noise_type = color | gray}; metrics on RGB, crop 0.
 */
public final class DenoiseTask implements Task {
    @Override
    public String type() {
        return "denoise";
    }

    @Override
    public String description() {
        return "denoise: additive white Gaussian noise (sigma on 0..255)";
    }

    @Override
    public RestorationTask create(ComponentSpec spec) {
        TaskOptions o = TaskOptions.of(spec, "denoise");
        DeblurTask.checkScaleOne(o);
        return new Denoising(o.list("sigma"), o.string("noise_type", "color", "gray").equals("gray"));
    }
}
