package io.dckd.tasks.degrade;

import io.dckd.core.image.RgbImage;
import java.util.SplittableRandom;

/**
 * Synthetic rain in the spirit of Rain100L/H (Yang et al. 2017, additive streak model
 * {@code O = B + S}): {@code density·w·h} streak seeds at uniform positions, each a line of random
 * length (from the range) at one random angle per image (degrees from vertical, plus ±5° jitter per
 * streak), drawn with a brightness of {@code intensity} tapering to 0 at both ends and splatted
 * bilinearly; the layer is added to every channel and the result clamped to [0,1].
 */
public final class RainStreaks {
    private RainStreaks() {}

    /** Adds rain with parameters drawn from the ranges by {@code rng}. */
    public static RgbImage add(RgbImage img, double density, double angleDeg, double[] lengthRange, double intensity,
            SplittableRandom rng) {
        int w = img.width(), h = img.height(), plane = w * h;
        float[] layer = new float[plane];
        int n = (int) Math.round(density * plane);
        for (int i = 0; i < n; i++) {
            double cx = rng.nextDouble() * w, cy = rng.nextDouble() * h;
            double len = lengthRange[0] + rng.nextDouble() * (lengthRange[1] - lengthRange[0]);
            double a = Math.toRadians(angleDeg + (rng.nextDouble() - 0.5) * 10);
            double dx = Math.sin(a), dy = Math.cos(a);
            double bright = intensity * (0.6 + 0.4 * rng.nextDouble());
            int steps = Math.max(1, (int) Math.ceil(len * 2));
            for (int s = 0; s <= steps; s++) {
                double t = (double) s / steps;
                double v = bright * Math.sin(Math.PI * t) / 2;
                double px = cx + (t - 0.5) * len * dx, py = cy + (t - 0.5) * len * dy;
                int x0 = (int) Math.floor(px), y0 = (int) Math.floor(py);
                double fx = px - x0, fy = py - y0;
                splat(layer, w, h, x0, y0, v * (1 - fx) * (1 - fy));
                splat(layer, w, h, x0 + 1, y0, v * fx * (1 - fy));
                splat(layer, w, h, x0, y0 + 1, v * (1 - fx) * fy);
                splat(layer, w, h, x0 + 1, y0 + 1, v * fx * fy);
            }
        }
        float[] src = img.chw(), out = new float[src.length];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < plane; i++) {
                out[c * plane + i] = Math.min(1f, Math.max(0f, src[c * plane + i] + Math.min(1f, layer[i])));
            }
        }
        return new RgbImage(w, h, out);
    }

    private static void splat(float[] layer, int w, int h, int x, int y, double v) {
        if (x >= 0 && y >= 0 && x < w && y < h) {
            layer[y * w + x] += (float) v;
        }
    }
}
