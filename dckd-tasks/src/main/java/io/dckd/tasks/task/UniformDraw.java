package io.dckd.tasks.task;

import java.util.SplittableRandom;

/** Draws a degradation parameter uniformly from a {@code [low, high]} option. */
final class UniformDraw {

    private UniformDraw() {}

    /** A value in {@code [range[0], range[1])}, or exactly {@code range[0]} when the interval is a single point. */
    static double from(SplittableRandom rng, double[] range) {
        return range[0] == range[1] ? range[0] : range[0] + rng.nextDouble() * (range[1] - range[0]);
    }
}
