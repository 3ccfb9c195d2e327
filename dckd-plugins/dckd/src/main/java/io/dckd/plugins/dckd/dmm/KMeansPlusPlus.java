package io.dckd.plugins.dckd.dmm;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * k-means++ seeding (Arthur and Vassilvitskii 2007) followed by a few Lloyd iterations, on plain
 * float arrays: how the codebook stage starts its codes from encoder outputs instead of taming's
 * U(−1/K, 1/K) (which leaves most codes far from every latent, so they are never picked).
 *
 * <p>Seeding: c_1 is a uniformly drawn point; each next centre is point x with probability
 * D(x)² / Σ D², D(x) the distance to the nearest centre chosen so far. Lloyd: assign every point
 * to its nearest centre, move each centre to the mean of its points (a centre without points
 * stays). {@code spherical}: centres are renormalised to unit length after every mean step
 * (spherical k-means, for l2-normalised latents). All randomness comes from the given generator.
 */
final class KMeansPlusPlus {

    private KMeansPlusPlus() {}

    /**
     * @param centres k × dim, row-major
     * @param counts points assigned to each centre by the last assignment
     */
    record Result(float[] centres, long[] counts) {}

    /**
     * Clusters {@code n} points of {@code dim} values ({@code points}, row-major) into {@code k}
     * centres ({@code k} ≤ {@code n} not required: with fewer distinct points some centres repeat).
     */
    static Result fit(float[] points, int n, int dim, int k, int lloydIterations, boolean spherical, SplittableRandom rng) {
        if (n < 1 || points.length != n * dim) {
            throw new IllegalArgumentException("k-means needs n >= 1 points of " + dim + " values, got " + points.length + " values");
        }
        float[] centres = seed(points, n, dim, k, rng);
        long[] counts = new long[k];
        int[] assign = new int[n];
        for (int it = 0; it <= lloydIterations; it++) {
            assign(points, n, dim, centres, k, assign, counts);
            if (it == lloydIterations) {
                break;
            }
            double[] sums = new double[k * dim];
            for (int i = 0; i < n; i++) {
                int c = assign[i];
                for (int j = 0; j < dim; j++) {
                    sums[c * dim + j] += points[i * dim + j];
                }
            }
            for (int c = 0; c < k; c++) {
                if (counts[c] == 0) {
                    continue;
                }
                double norm = 0;
                for (int j = 0; j < dim; j++) {
                    double v = sums[c * dim + j] / counts[c];
                    sums[c * dim + j] = v;
                    norm += v * v;
                }
                double scale = spherical && norm > 0 ? 1 / Math.sqrt(norm) : 1;
                for (int j = 0; j < dim; j++) {
                    centres[c * dim + j] = (float) (sums[c * dim + j] * scale);
                }
            }
        }
        return new Result(centres, counts);
    }

    /** The k-means++ seeds: k × dim, row-major. */
    static float[] seed(float[] points, int n, int dim, int k, SplittableRandom rng) {
        float[] centres = new float[k * dim];
        double[] nearest = new double[n];
        Arrays.fill(nearest, Double.POSITIVE_INFINITY);
        int pick = rng.nextInt(n);
        for (int c = 0; c < k; c++) {
            System.arraycopy(points, pick * dim, centres, c * dim, dim);
            double total = 0;
            for (int i = 0; i < n; i++) {
                nearest[i] = Math.min(nearest[i], squaredDistance(points, i, centres, c, dim));
                total += nearest[i];
            }
            if (total <= 0) {
                // every point sits on a centre already: repeat uniformly drawn points
                pick = rng.nextInt(n);
                continue;
            }
            double u = rng.nextDouble() * total;
            pick = n - 1;
            for (int i = 0; i < n; i++) {
                u -= nearest[i];
                if (u < 0) {
                    pick = i;
                    break;
                }
            }
        }
        return centres;
    }

    private static void assign(float[] points, int n, int dim, float[] centres, int k, int[] assign, long[] counts) {
        Arrays.fill(counts, 0);
        for (int i = 0; i < n; i++) {
            int best = 0;
            double bestD = Double.POSITIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                double d = squaredDistance(points, i, centres, c, dim);
                if (d < bestD) {
                    bestD = d;
                    best = c;
                }
            }
            assign[i] = best;
            counts[best]++;
        }
    }

    private static double squaredDistance(float[] a, int i, float[] b, int j, int dim) {
        double s = 0;
        for (int t = 0; t < dim; t++) {
            double d = a[i * dim + t] - b[j * dim + t];
            s += d * d;
        }
        return s;
    }
}
