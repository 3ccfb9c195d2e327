package io.dckd.tasks.degrade;

import io.dckd.core.image.RgbImage;
import io.dckd.tasks.resize.MatlabResize;

/**
 * The classic SR degradation of BasicSR's prepared data ({@code scripts/matlab_scripts/generate_bicubic_img.m},
 * {@code generate_multiscale_DF2K.py}): crop GT to a multiple of the scale, MATLAB bicubic
 * {@code imresize(gt, 1/scale)} with antialiasing, rounded to 8 bits as the saved PNG would be.
 */
public final class BicubicDegradation {
    private BicubicDegradation() {}

    /** The LR image of {@code gt} (mod-cropped first). */
    public static RgbImage downscale(RgbImage gt, int scale) {
        return MatlabResize.imresize(ModCrop.apply(gt, scale), 1.0 / scale).quantized();
    }

    /** Bicubic upscaling of {@code lq} by {@code scale} (MATLAB-style), the SR baseline. */
    public static RgbImage upscale(RgbImage lq, int scale) {
        return MatlabResize.imresize(lq, scale);
    }
}
