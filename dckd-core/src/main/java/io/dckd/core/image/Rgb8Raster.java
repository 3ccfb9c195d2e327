package io.dckd.core.image;

import io.dckd.core.infer.RowSink;

/**
 * An 8-bit RGB image in the byte layout of AWT's {@code TYPE_3BYTE_BGR} (interleaved B, G, R), so
 * an image writer can wrap it without a copy. It is the compact form a restored image is assembled
 * in: 3 bytes per pixel instead of 12 for planar floats, which is what lets a ×4 output of a
 * 4000×3000 photograph (576 MB) be held at all.
 *
 * <p>Quantisation is BasicSR's {@code tensor2img}, as {@link RgbImage#toUint8()}: clamp to [0,1],
 * ×255, round half to even.
 */
public final class Rgb8Raster implements RowSink {

    private final int width;
    private final int height;
    private final byte[] bgr;

    /** A black raster; fails cleanly when the size cannot be one Java array. */
    public Rgb8Raster(int width, int height) {
        long bytes = 3L * width * height;
        if (width <= 0 || height <= 0 || bytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("an 8-bit RGB raster of " + width + "x" + height + " (" + bytes
                    + " bytes) does not fit one Java array (2 GiB)");
        }
        this.width = width;
        this.height = height;
        this.bgr = new byte[(int) bytes];
    }

    /** {@code image} quantised. */
    public static Rgb8Raster of(RgbImage image) {
        Rgb8Raster r = new Rgb8Raster(image.width(), image.height());
        r.put(0, image.height(), image.chw(), image.height());
        return r;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The pixel bytes, B, G, R per pixel, row after row (shared, not copied). */
    public byte[] bgr() {
        return bgr;
    }

    /** The 8-bit value of channel {@code c} (0 = R) at (x, y). */
    public int get(int c, int y, int x) {
        return bgr[3 * (y * width + x) + 2 - c] & 0xff;
    }

    /** Quantises rows of planar floats into this raster. */
    @Override
    public void put(int y0, int rows, float[] band, int bandHeight) {
        if (y0 < 0 || y0 + rows > height || band.length < 3L * bandHeight * width) {
            throw new IllegalArgumentException("rows " + y0 + "+" + rows + " of width " + width + " outside " + width + "x" + height);
        }
        int plane = bandHeight * width;
        for (int y = 0; y < rows; y++) {
            int src = y * width;
            int dst = 3 * (y0 + y) * width;
            for (int x = 0; x < width; x++) {
                bgr[dst + 3 * x] = quantise(band[2 * plane + src + x]);
                bgr[dst + 3 * x + 1] = quantise(band[plane + src + x]);
                bgr[dst + 3 * x + 2] = quantise(band[src + x]);
            }
        }
    }

    private static byte quantise(float v) {
        return (byte) (int) Math.rint(Math.min(1f, Math.max(0f, v)) * 255.0);
    }
}
