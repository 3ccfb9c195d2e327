package io.dckd.core.image;

import java.util.Objects;

/**
 * A 3-channel image in planar CHW float layout with values nominally in [0,1], held on the Java
 * heap so data loading and augmentation can run off the training thread without native memory.
 *
 * @param width width in pixels
 * @param height height in pixels
 * @param chw planar data, channel-major: {@code chw[c*height*width + y*width + x]}, RGB order
 */
public record RgbImage(int width, int height, float[] chw) {

    public RgbImage {
        Objects.requireNonNull(chw, "chw");
        if (width <= 0 || height <= 0 || chw.length != 3 * width * height) {
            throw new IllegalArgumentException(
                    "RgbImage " + width + "x" + height + " needs " + 3L * width * height + " values, got " + chw.length);
        }
    }

    /** A black image. */
    public static RgbImage zeros(int width, int height) {
        return new RgbImage(width, height, new float[3 * width * height]);
    }

    /** Value of channel c at (x, y). */
    public float get(int c, int y, int x) {
        return chw[(c * height + y) * width + x];
    }

    /** The region [x0, x0+w) × [y0, y0+h). */
    public RgbImage crop(int x0, int y0, int w, int h) {
        if (x0 < 0 || y0 < 0 || x0 + w > width || y0 + h > height) {
            throw new IllegalArgumentException("crop " + w + "x" + h + "+" + x0 + "+" + y0 + " outside " + width + "x" + height);
        }
        float[] out = new float[3 * w * h];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(chw, (c * height + y0 + y) * width + x0, out, (c * h + y) * w, w);
            }
        }
        return new RgbImage(w, h, out);
    }

    /**
     * The geometric augmentation of BasicSR's {@code augment}: horizontal flip, vertical flip, then
     * transpose (rot90), each when its flag is set.
     */
    public RgbImage augment(boolean hflip, boolean vflip, boolean transpose) {
        if (!hflip && !vflip && !transpose) {
            return this;
        }
        int ow = transpose ? height : width;
        int oh = transpose ? width : height;
        float[] out = new float[chw.length];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < height; y++) {
                int sy = vflip ? height - 1 - y : y;
                for (int x = 0; x < width; x++) {
                    int sx = hflip ? width - 1 - x : x;
                    float v = chw[(c * height + sy) * width + sx];
                    if (transpose) {
                        out[(c * oh + x) * ow + y] = v;
                    } else {
                        out[(c * oh + y) * ow + x] = v;
                    }
                }
            }
        }
        return new RgbImage(ow, oh, out);
    }

    /** Values clamped to [0,1], scaled to 0..255 and rounded half-to-even like numpy's round. */
    public int[] toUint8() {
        int[] out = new int[chw.length];
        for (int i = 0; i < chw.length; i++) {
            float v = Math.min(1f, Math.max(0f, chw[i]));
            out[i] = (int) Math.rint(v * 255.0);
        }
        return out;
    }

    /** This image quantised to 8 bits and back, as saving to PNG and reading again would give. */
    public RgbImage quantized() {
        int[] q = toUint8();
        float[] out = new float[q.length];
        for (int i = 0; i < q.length; i++) {
            out[i] = q[i] / 255f;
        }
        return new RgbImage(width, height, out);
    }
}
