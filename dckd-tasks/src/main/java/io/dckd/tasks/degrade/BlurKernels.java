package io.dckd.tasks.degrade;

/**
 * Blur kernels, k×k, row-major, normalised to sum 1.
 * <ul>
 *   <li>isotropic Gaussian: {@code exp(-(x²+y²)/(2σ²))} over offsets from the centre;</li>
 *   <li>linear motion: a line segment of the given length through the centre at the given angle
 *       (degrees, counter-clockwise from the x axis), rasterised by sampling 4 points per pixel of
 *       length with bilinear splatting.</li>
 * </ul>
 */
public final class BlurKernels {
    private BlurKernels() {}

    public static double[] gaussian(int k, double sigma) {
        double[] out = new double[k * k];
        int r = k / 2;
        double sum = 0;
        for (int y = 0; y < k; y++) {
            for (int x = 0; x < k; x++) {
                double dx = x - r, dy = y - r;
                double v = Math.exp(-(dx * dx + dy * dy) / (2 * sigma * sigma));
                out[y * k + x] = v;
                sum += v;
            }
        }
        return normalise(out, sum);
    }

    public static double[] motion(int k, double length, double angleDeg) {
        double[] out = new double[k * k];
        double r = k / 2;
        double len = Math.min(length, k - 1);
        double a = Math.toRadians(angleDeg), dx = Math.cos(a), dy = -Math.sin(a);
        int steps = Math.max(1, (int) Math.ceil(len * 4));
        double sum = 0;
        for (int s = 0; s <= steps; s++) {
            double t = -len / 2 + len * s / steps;
            double px = r + t * dx, py = r + t * dy;
            int x0 = (int) Math.floor(px), y0 = (int) Math.floor(py);
            double fx = px - x0, fy = py - y0;
            sum += splat(out, k, x0, y0, (1 - fx) * (1 - fy)) + splat(out, k, x0 + 1, y0, fx * (1 - fy))
                    + splat(out, k, x0, y0 + 1, (1 - fx) * fy) + splat(out, k, x0 + 1, y0 + 1, fx * fy);
        }
        return normalise(out, sum);
    }

    private static double splat(double[] k2, int k, int x, int y, double w) {
        if (x < 0 || y < 0 || x >= k || y >= k || w == 0) {
            return 0;
        }
        k2[y * k + x] += w;
        return w;
    }

    private static double[] normalise(double[] k, double sum) {
        for (int i = 0; i < k.length; i++) {
            k[i] /= sum;
        }
        return k;
    }
}
