package io.dckd.tasks.resize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dckd.core.image.RgbImage;
import io.dckd.tasks.Fixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** MATLAB-style imresize against BasicSR's output (float64 HWC fixtures). */
class MatlabResizeFixtureTest {

    @ParameterizedTest
    @CsvSource({"coffee_x2, 2", "coffee_x3, 3", "motorcycle_right_x4, 4"})
    void matchesBasicSr(String name, int factor) throws Exception {
        Fixtures.F64 in = Fixtures.f64("imresize/" + name + ".safetensors", "input");
        Fixtures.F64 ref = Fixtures.f64("imresize/" + name + ".safetensors", "output");
        int h = in.shape()[0], w = in.shape()[1];
        double[] chw = hwcToChw(in.data(), h, w);
        int[] size = new int[2];
        double[] out = MatlabResize.imresize(chw, 3, h, w, 1.0 / factor, true, size);
        assertArrayEquals(new int[] {ref.shape()[0], ref.shape()[1]}, size);
        double[] expected = hwcToChw(ref.data(), size[0], size[1]);
        double maxErr = 0;
        for (int i = 0; i < out.length; i++) {
            maxErr = Math.max(maxErr, Math.abs(out[i] - expected[i]));
        }
        assertTrue(maxErr < 1e-6, name + " max abs error " + maxErr);

        // the RgbImage (float) entry gives the same up to float rounding
        float[] f = new float[chw.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) chw[i];
        }
        RgbImage small = MatlabResize.imresize(new RgbImage(w, h, f), 1.0 / factor);
        assertEquals(size[1], small.width());
        assertEquals(size[0], small.height());
        for (int i = 0; i < out.length; i++) {
            assertEquals(expected[i], small.chw()[i], 1e-5);
        }
    }

    @Test
    void upscalingKeepsConstantsAndHasCeilSize() {
        RgbImage grey = new RgbImage(5, 3, filled(45, 0.3f));
        RgbImage up = MatlabResize.imresize(grey, 4);
        assertEquals(20, up.width());
        assertEquals(12, up.height());
        for (float v : up.chw()) {
            assertEquals(0.3f, v, 1e-6);
        }
    }

    private static float[] filled(int n, float v) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    static double[] hwcToChw(double[] hwc, int h, int w) {
        double[] out = new double[hwc.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    out[(c * h + y) * w + x] = hwc[(y * w + x) * 3 + c];
                }
            }
        }
        return out;
    }
}
