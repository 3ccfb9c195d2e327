package io.dckd.tasks.metrics;

/**
 * The Y channel of YCbCr (ITU-R BT.601, MATLAB's {@code rgb2ycbcr}) as BasicSR's metrics compute it
 * ({@code basicsr/metrics/metric_util.py to_y_channel} → {@code matlab_functions.bgr2ycbcr}):
 * <pre>  x = float32(u8) / 255                      (float32)
 *   Y = 16 + 65.481 R + 128.553 G + 24.966 B   (float64 dot product on the float32 values)
 *   y = float32(float32(Y / 255) * 255)        (back to [0,255], float32, not rounded)</pre>
 * The float32 steps are reproduced so results match BasicSR to the last bits.
 */
public final class YChannel {

    private YChannel() {}

    /**
     * Y of an 8-bit planar RGB image.
     *
     * @param rgb CHW uint8 values (0..255), RGB order, length 3·w·h
     * @return w·h values in [16, 235] (float, not rounded), as doubles
     */
    public static double[] of(int[] rgb, int width, int height) {
        int plane = width * height;
        double[] y = new double[plane];
        for (int i = 0; i < plane; i++) {
            float r = rgb[i] / 255f;
            float g = rgb[plane + i] / 255f;
            float b = rgb[2 * plane + i] / 255f;
            // np.dot(img_bgr, [24.966, 128.553, 65.481]) + 16.0 in float64
            double v = (double) b * 24.966 + (double) g * 128.553 + (double) r * 65.481 + 16.0;
            float scaled = (float) (v / 255.0);
            y[i] = scaled * 255f;
        }
        return y;
    }
}
