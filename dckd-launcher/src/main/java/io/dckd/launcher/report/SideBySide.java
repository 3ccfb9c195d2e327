package io.dckd.launcher.report;

import io.dckd.core.image.RgbImage;
import java.util.List;

/**
 * Image helpers of the eval crops: nearest-neighbour upscaling (each LR pixel becomes an s×s block,
 * so the input's pixels stay visible), the centre window of an output aligned to the scale, and
 * panels placed left to right on a white background with a gap between them.
 */
public final class SideBySide {

    private SideBySide() {}

    /** Nearest-neighbour upscaling by an integer factor: out(x, y) = in(x / s, y / s). */
    public static RgbImage nearest(RgbImage img, int s) {
        if (s == 1) {
            return img;
        }
        int w = img.width() * s, h = img.height() * s;
        float[] out = new float[3 * w * h];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    out[(c * h + y) * w + x] = img.get(c, y / s, x / s);
                }
            }
        }
        return new RgbImage(w, h, out);
    }

    /**
     * The centre window of a {@code width}×{@code height} output: side {@code min(size, width, height)}
     * rounded down to a multiple of {@code scale}, top-left corner on a multiple of {@code scale} so the
     * matching input window is exact.
     *
     * @return {x0, y0, side} in output pixels
     */
    public static int[] centreWindow(int width, int height, int size, int scale) {
        int side = Math.min(size, Math.min(width, height)) / scale * scale;
        if (side <= 0) {
            throw new IllegalArgumentException("image " + width + "x" + height + " too small for a x" + scale + " crop");
        }
        int x0 = (width - side) / 2 / scale * scale;
        int y0 = (height - side) / 2 / scale * scale;
        return new int[] {x0, y0, side};
    }

    /** Panels of equal height side by side, {@code gap} white pixels apart. */
    public static RgbImage row(List<RgbImage> panels, int gap) {
        int h = panels.get(0).height();
        int w = panels.stream().mapToInt(RgbImage::width).sum() + gap * (panels.size() - 1);
        float[] out = new float[3 * w * h];
        java.util.Arrays.fill(out, 1f);
        int x0 = 0;
        for (RgbImage p : panels) {
            if (p.height() != h) {
                throw new IllegalArgumentException("panel heights differ: " + p.height() + " vs " + h);
            }
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < h; y++) {
                    System.arraycopy(p.chw(), (c * h + y) * p.width(), out, (c * h + y) * w + x0, p.width());
                }
            }
            x0 += p.width() + gap;
        }
        return new RgbImage(w, h, out);
    }
}
