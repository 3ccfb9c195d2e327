package io.dckd.tasks.degrade;

import io.dckd.core.image.RgbImage;

/**
 * 2-D filtering of each channel with a k×k kernel (correlation, as OpenCV's {@code filter2D}), same
 * output size, borders extended by reflection without repeating the edge ({@code BORDER_REFLECT_101},
 * OpenCV's default).
 */
public final class Convolution {
    private Convolution() {}

    /** @param kernel k×k row-major weights, k odd */
    public static RgbImage filter(RgbImage img, double[] kernel, int k) {
        if (k % 2 == 0 || kernel.length != k * k) {
            throw new IllegalArgumentException("kernel must be k x k with k odd, got " + kernel.length + " values for k=" + k);
        }
        int w = img.width(), h = img.height(), r = k / 2;
        float[] src = img.chw();
        float[] out = new float[src.length];
        int[] xi = new int[w + 2 * r], yi = new int[h + 2 * r];
        for (int i = 0; i < xi.length; i++) {
            xi[i] = reflect101(i - r, w);
        }
        for (int i = 0; i < yi.length; i++) {
            yi[i] = reflect101(i - r, h);
        }
        for (int c = 0; c < 3; c++) {
            int base = c * w * h;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double s = 0;
                    for (int ky = 0; ky < k; ky++) {
                        int row = base + yi[y + ky] * w;
                        int kr = ky * k;
                        for (int kx = 0; kx < k; kx++) {
                            double wv = kernel[kr + kx];
                            if (wv != 0) {
                                s += wv * src[row + xi[x + kx]];
                            }
                        }
                    }
                    out[base + y * w + x] = (float) s;
                }
            }
        }
        return new RgbImage(w, h, out);
    }

    /** gfedcb|abcdefgh|gfedcba */
    static int reflect101(int i, int n) {
        if (n == 1) {
            return 0;
        }
        while (i < 0 || i >= n) {
            i = i < 0 ? -i : 2 * n - 2 - i;
        }
        return i;
    }
}
