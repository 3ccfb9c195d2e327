package io.dckd.plugins.dckd.dmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KMeansPlusPlusTest {

    private static final float[][] CENTRES = {{0, 0}, {10, 0}, {0, 10}, {10, 10}};

    /** 4 tight clusters of 50 points around {@link #CENTRES}, interleaved. */
    private static float[] clusters(SplittableRandom rng) {
        float[] x = new float[4 * 50 * 2];
        for (int i = 0; i < 200; i++) {
            float[] c = CENTRES[i % 4];
            x[2 * i] = c[0] + (float) (rng.nextDouble() - 0.5);
            x[2 * i + 1] = c[1] + (float) (rng.nextDouble() - 0.5);
        }
        return x;
    }

    private static int nearestCentre(float[] seeds, int k) {
        int best = -1;
        double bestD = Double.MAX_VALUE;
        for (int c = 0; c < CENTRES.length; c++) {
            double dx = seeds[2 * k] - CENTRES[c][0];
            double dy = seeds[2 * k + 1] - CENTRES[c][1];
            if (dx * dx + dy * dy < bestD) {
                bestD = dx * dx + dy * dy;
                best = c;
            }
        }
        return best;
    }

    @Test
    void seedsSpreadOverEveryCluster() {
        for (long s = 0; s < 20; s++) {
            SplittableRandom rng = new SplittableRandom(s);
            float[] seeds = KMeansPlusPlus.seed(clusters(rng), 200, 2, 4, rng);
            boolean[] hit = new boolean[4];
            for (int k = 0; k < 4; k++) {
                hit[nearestCentre(seeds, k)] = true;
            }
            for (int c = 0; c < 4; c++) {
                assertTrue(hit[c], "seed " + s + ": no seed in cluster " + c);
            }
        }
    }

    @Test
    void lloydMovesCentresToClusterMeansAndCountsPoints() {
        SplittableRandom rng = new SplittableRandom(7);
        KMeansPlusPlus.Result r = KMeansPlusPlus.fit(clusters(rng), 200, 2, 4, 5, false, rng);
        for (int k = 0; k < 4; k++) {
            float[] c = CENTRES[nearestCentre(r.centres(), k)];
            assertEquals(c[0], r.centres()[2 * k], 0.15);
            assertEquals(c[1], r.centres()[2 * k + 1], 0.15);
            assertEquals(50, r.counts()[k]);
        }
    }

    @Test
    void sphericalCentresAreUnitLength() {
        SplittableRandom rng = new SplittableRandom(3);
        KMeansPlusPlus.Result r = KMeansPlusPlus.fit(clusters(rng), 200, 2, 3, 3, true, rng);
        for (int k = 0; k < 3; k++) {
            double norm = Math.hypot(r.centres()[2 * k], r.centres()[2 * k + 1]);
            assertTrue(r.counts()[k] == 0 || Math.abs(norm - 1) < 1e-5, "centre " + k + " norm " + norm);
        }
    }

    @Test
    void moreCentresThanDistinctPointsRepeatPoints() {
        float[] x = {1, 1, 1, 1, 2, 2};
        KMeansPlusPlus.Result r = KMeansPlusPlus.fit(x, 3, 2, 5, 2, false, new SplittableRandom(1));
        long total = 0;
        for (int k = 0; k < 5; k++) {
            float v = r.centres()[2 * k];
            assertTrue(v == 1f || v == 2f, "centre " + k + " is a data point, got " + v);
            total += r.counts()[k];
        }
        assertEquals(3, total);
    }
}
