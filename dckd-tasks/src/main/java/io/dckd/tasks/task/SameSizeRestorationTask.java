package io.dckd.tasks.task;

import io.dckd.core.image.RgbImage;

/**
 * A task whose LQ has the GT's size and is drawn anew for every image (noise, blur, rain): scale 1,
 * no metric crop, and the LQ itself is the baseline to beat.
 */
public abstract class SameSizeRestorationTask extends ImageRestorationTask {

    /** @param metricY whether the default metrics are computed on the Y channel */
    protected SameSizeRestorationTask(boolean metricY) {
        super(1, 0, metricY);
    }

    @Override
    protected final boolean deterministic() {
        return false;
    }

    @Override
    public final RgbImage baseline(RgbImage lq) {
        return lq;
    }
}
