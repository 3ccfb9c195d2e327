package io.dckd.tasks.task;

import io.dckd.core.config.ComponentOptions;
import io.dckd.core.spi.RestorationTask;
import java.util.List;

/**
 * Built-in task {@code denoise}: additive Gaussian noise, {@code sigma} (0..255 scale; a list is drawn
 * from per image, e.g. [15, 25, 50]), {@code noise_type = color | gray}; metrics on RGB, crop 0.
 */
public final class DenoiseTask extends BuiltInTask {

    public DenoiseTask() {
        super("denoise", "denoise: additive white Gaussian noise (sigma on 0..255)");
    }

    @Override
    protected RestorationTask build(ComponentOptions o) {
        double[] sigma = o.getDoubles("sigma");
        if (sigma.length == 0) {
            throw o.bad("sigma", "needs a sigma, or a non-empty list of them");
        }
        return new Denoising(sigma, o.oneOf("noise_type", List.of("color", "gray")).equals("gray"));
    }
}
