package io.dckd.core.infer;

import io.dckd.core.image.RgbImage;

/**
 * Collects restored rows into a whole float image, for callers that need the unquantised output
 * (raw {@code .safetensors} output, PSNR against a float reference, benchmarks). It holds 12 bytes per
 * output pixel; image files go through {@link io.dckd.core.image.Rgb8Raster} instead.
 */
public final class FloatImageSink implements RowSink {

    private final RgbImage image;

    public FloatImageSink(int width, int height) {
        this.image = RgbImage.zeros(width, height);
    }

    @Override
    public void put(int y0, int rows, float[] band, int bandHeight) {
        int w = image.width();
        int h = image.height();
        for (int c = 0; c < 3; c++) {
            System.arraycopy(band, c * bandHeight * w, image.chw(), (c * h + y0) * w, rows * w);
        }
    }

    /** The image collected so far. */
    public RgbImage image() {
        return image;
    }
}
