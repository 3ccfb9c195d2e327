package io.dckd.plugins.dckd.dnsg;

import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDArray;

/**
 * The interpolation modes of the DNSG resize ({@code F.interpolate} with
 * {@code align_corners=False}; {@code None} for area), run by the engine's {@code interpolate} on
 * the whole NCHW batch.
 */
public enum ResizeMode {
    /** {@code mode='area'}: adaptive average pooling. */
    AREA(Image.Interpolation.AREA),
    /** {@code mode='bilinear', align_corners=False}. */
    BILINEAR(Image.Interpolation.BILINEAR),
    /** {@code mode='bicubic', align_corners=False} (A = −0.75, no clamping). */
    BICUBIC(Image.Interpolation.BICUBIC);

    private final Image.Interpolation interpolation;

    ResizeMode(Image.Interpolation interpolation) {
        this.interpolation = interpolation;
    }

    /** {@code x} (N×C×H×W) resized to N×C×height×width; the result belongs to x's manager. */
    public NDArray resize(NDArray x, int height, int width) {
        if (x.getShape().dimension() != 4) {
            throw new IllegalArgumentException("resize expects N×C×H×W, got " + x.getShape());
        }
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("resize to " + height + "×" + width + " is empty");
        }
        // DJL's PyTorch engine maps the Interpolation ordinal to torch's mode and passes align_corners=False
        return x.getNDArrayInternal().interpolation(new long[] {height, width}, interpolation.ordinal(), false);
    }
}
