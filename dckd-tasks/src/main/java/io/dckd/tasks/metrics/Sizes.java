package io.dckd.tasks.metrics;

import io.dckd.core.image.RgbImage;

final class Sizes {
    private Sizes() {}

    static void check(RgbImage restored, RgbImage gt) {
        if (restored.width() != gt.width() || restored.height() != gt.height()) {
            throw new IllegalArgumentException("Image shapes are different: restored " + restored.width() + "x"
                    + restored.height() + ", gt " + gt.width() + "x" + gt.height());
        }
    }
}
