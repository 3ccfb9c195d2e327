package io.dckd.plugins.dckd.dnsg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DegradationOpsTest {

    /** F.pad(mode='reflect') index: mirror about the edge without repeating it. */
    private static int reflect(int i, int n) {
        return i < 0 ? -i : i >= n ? 2 * (n - 1) - i : i;
    }

    @Test
    void kernelIsKorniasNormalisedGaussian() {
        float[] k = GaussianBlur.kernel1d(5, 1.0);
        double[] g = {Math.exp(-2), Math.exp(-0.5), 1, Math.exp(-0.5), Math.exp(-2)};
        double sum = 0;
        for (double v : g) {
            sum += v;
        }
        for (int i = 0; i < 5; i++) {
            assertEquals(g[i] / sum, k[i], 1e-7);
        }
    }

    @Test
    void blurMatchesADirectReflectPaddedTwoDimensionalFilter() {
        int c = 3, h = 9, w = 13, kh = 7, kw = 3;
        double sh = 1.3, sw = 0.6;
        SplittableRandom r = new SplittableRandom(4);
        float[] x = new float[2 * c * h * w];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextDouble();
        }
        float[] gy = GaussianBlur.kernel1d(kh, sh);
        float[] gx = GaussianBlur.kernel1d(kw, sw);
        float[] expected = new float[x.length];
        for (int p = 0; p < 2 * c; p++) {
            for (int y = 0; y < h; y++) {
                for (int xx = 0; xx < w; xx++) {
                    double acc = 0;
                    for (int i = 0; i < kh; i++) {
                        for (int j = 0; j < kw; j++) {
                            int sy = reflect(y + i - kh / 2, h);
                            int sx = reflect(xx + j - kw / 2, w);
                            acc += gy[i] * gx[j] * x[(p * h + sy) * w + sx];
                        }
                    }
                    expected[(p * h + y) * w + xx] = (float) acc;
                }
            }
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray out = GaussianBlur.apply(m.create(x, new Shape(2, c, h, w)), kh, kw, sh, sw);
            assertEquals(new Shape(2, c, h, w), out.getShape());
            float[] got = out.toFloatArray();
            for (int i = 0; i < got.length; i++) {
                assertEquals(expected[i], got[i], 1e-6, "at " + i);
            }
        }
    }

    @Test
    void reflectPaddingNeedsASideLargerThanThePad() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.ones(new Shape(1, 3, 4, 4));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GaussianBlur.apply(x, 11, 3, 1, 1));
            assertTrue(e.getMessage().contains("blur_kernel_range"), e.getMessage());
        }
    }

    @Test
    void areaDownsamplingAveragesBlocks() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.arange(16f).reshape(1, 1, 4, 4);
            NDArray y = ResizeMode.AREA.resize(x, 2, 2);
            assertArrayEquals(new float[] {2.5f, 4.5f, 10.5f, 12.5f}, y.toFloatArray(), 1e-6f);
        }
    }

    @Test
    void bilinearAndBicubicUseHalfPixelCentres() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {0, 1, 2, 3}).reshape(1, 1, 1, 4);
            // align_corners=False: output i samples input at (i + 0.5)·(4/8) − 0.5, clamped at the border
            NDArray up = ResizeMode.BILINEAR.resize(x, 1, 8);
            assertArrayEquals(new float[] {0, 0.25f, 0.75f, 1.25f, 1.75f, 2.25f, 2.75f, 3}, up.toFloatArray(), 1e-6f);
            NDArray cubic = ResizeMode.BICUBIC.resize(x, 1, 8);
            assertEquals(8, cubic.size());
            // bicubic reproduces linear ramps away from the borders
            assertEquals(1.25f, cubic.getFloat(0, 0, 0, 3), 1e-5f);
            assertEquals(1.75f, cubic.getFloat(0, 0, 0, 4), 1e-5f);
        }
    }
}
