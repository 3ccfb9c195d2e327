package io.dckd.tasks.metrics;

/**
 * PSNR exactly as BasicSR's {@code calculate_psnr} ({@code basicsr/metrics/psnr_ssim.py}): on 8-bit
 * images, optional border crop, optional Y channel ({@link YChannel}), float64,
 * {@code 10·log10(255² / mean((a-b)²))}; identical images give +∞.
 */
public final class Psnr {

    private Psnr() {}

    /**
     * @param a CHW uint8 values of the first image (3 channels, RGB), e.g. {@code RgbImage.toUint8()}
     * @param b the second image, same layout and size
     * @param cropBorder pixels removed on each side before measuring
     * @param yChannel measure on Y of YCbCr instead of the mean over R, G, B
     */
    public static double compute(int[] a, int[] b, int width, int height, int cropBorder, boolean yChannel) {
        double[][] pa = Planes.of(a, width, height, cropBorder, yChannel);
        double[][] pb = Planes.of(b, width, height, cropBorder, yChannel);
        double sum = 0;
        long n = 0;
        for (int c = 0; c < pa.length; c++) {
            for (int i = 0; i < pa[c].length; i++) {
                double d = pa[c][i] - pb[c][i];
                sum += d * d;
            }
            n += pa[c].length;
        }
        double mse = sum / n;
        if (mse == 0) {
            return Double.POSITIVE_INFINITY;
        }
        return 10.0 * Math.log10(255.0 * 255.0 / mse);
    }
}
