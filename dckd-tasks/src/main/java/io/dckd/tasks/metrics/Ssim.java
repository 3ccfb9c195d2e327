package io.dckd.tasks.metrics;

/**
 * SSIM exactly as BasicSR's {@code calculate_ssim} / {@code _ssim} ({@code basicsr/metrics/psnr_ssim.py},
 * after Wang et al.'s MATLAB code): per channel, an 11×11 Gaussian window (σ = 1.5, OpenCV's
 * {@code getGaussianKernel}, normalised) applied in "valid" mode (no padding, output shrinks by 10),
 * <pre>  SSIM = mean( (2 μa μb + C1)(2 σab + C2) / ((μa² + μb² + C1)(σa² + σb² + C2)) )</pre>
 * with C1 = (0.01·255)², C2 = (0.03·255)², float64; for RGB the mean over the three channels. The
 * window is separable, so it is applied as a row pass then a column pass.
 */
public final class Ssim {

    private static final double C1 = (0.01 * 255) * (0.01 * 255);
    private static final double C2 = (0.03 * 255) * (0.03 * 255);
    private static final double[] WINDOW = gaussian(11, 1.5);

    private Ssim() {}

    /** Same arguments as {@link Psnr#compute}. Images must be at least 11×11 after cropping. */
    public static double compute(int[] a, int[] b, int width, int height, int cropBorder, boolean yChannel) {
        double[][] pa = Planes.of(a, width, height, cropBorder, yChannel);
        double[][] pb = Planes.of(b, width, height, cropBorder, yChannel);
        int w = width - 2 * cropBorder, h = height - 2 * cropBorder;
        if (w < 11 || h < 11) {
            throw new IllegalArgumentException("SSIM needs at least 11x11 pixels after cropping, got " + w + "x" + h);
        }
        double sum = 0;
        for (int c = 0; c < pa.length; c++) {
            sum += channel(pa[c], pb[c], w, h);
        }
        return sum / pa.length;
    }

    /** SSIM of one channel (BasicSR's {@code _ssim}). */
    static double channel(double[] a, double[] b, int w, int h) {
        int n = w * h;
        double[] aa = new double[n], bb = new double[n], ab = new double[n];
        for (int i = 0; i < n; i++) {
            aa[i] = a[i] * a[i];
            bb[i] = b[i] * b[i];
            ab[i] = a[i] * b[i];
        }
        int ow = w - 10, oh = h - 10;
        double[] mu1 = filterValid(a, w, h), mu2 = filterValid(b, w, h);
        double[] s11 = filterValid(aa, w, h), s22 = filterValid(bb, w, h), s12 = filterValid(ab, w, h);
        double sum = 0;
        for (int i = 0; i < ow * oh; i++) {
            double m1 = mu1[i], m2 = mu2[i];
            double m11 = m1 * m1, m22 = m2 * m2, m12 = m1 * m2;
            double v1 = s11[i] - m11, v2 = s22[i] - m22, v12 = s12[i] - m12;
            sum += ((2 * m12 + C1) * (2 * v12 + C2)) / ((m11 + m22 + C1) * (v1 + v2 + C2));
        }
        return sum / (ow * oh);
    }

    /** The 11×11 separable Gaussian window in "valid" mode: (w-10)×(h-10) outputs. */
    private static double[] filterValid(double[] src, int w, int h) {
        int ow = w - 10, oh = h - 10;
        double[] rows = new double[h * ow];
        for (int y = 0; y < h; y++) {
            int base = y * w;
            for (int x = 0; x < ow; x++) {
                double s = 0;
                for (int k = 0; k < 11; k++) {
                    s += WINDOW[k] * src[base + x + k];
                }
                rows[y * ow + x] = s;
            }
        }
        double[] out = new double[ow * oh];
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                double s = 0;
                for (int k = 0; k < 11; k++) {
                    s += WINDOW[k] * rows[(y + k) * ow + x];
                }
                out[y * ow + x] = s;
            }
        }
        return out;
    }

    /** OpenCV's {@code getGaussianKernel(size, sigma)} in double: exp(-(i-c)²/(2σ²)), normalised. */
    static double[] gaussian(int size, double sigma) {
        double[] k = new double[size];
        double c = (size - 1) * 0.5, sum = 0;
        for (int i = 0; i < size; i++) {
            double x = i - c;
            k[i] = Math.exp(-(x * x) / (2 * sigma * sigma));
            sum += k[i];
        }
        for (int i = 0; i < size; i++) {
            k[i] /= sum;
        }
        return k;
    }
}
