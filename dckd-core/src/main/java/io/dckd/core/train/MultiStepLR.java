package io.dckd.core.train;

import java.util.Arrays;

/**
 * BasicSR's MultiStepLR: the learning rate at iteration {@code it} (1-based) is
 * {@code lr · gamma^(number of milestones m with m < it)}. BasicSR calls {@code scheduler.step()}
 * after each update, so the rate changes at the iteration after each milestone.
 */
public final class MultiStepLR {

    private final double base;
    private final long[] milestones;
    private final double gamma;

    public MultiStepLR(double base, long[] milestones, double gamma) {
        this.base = base;
        this.milestones = milestones.clone();
        Arrays.sort(this.milestones);
        this.gamma = gamma;
    }

    /** The learning rate used for the update of iteration {@code it} (1-based). */
    public double lr(long it) {
        int passed = 0;
        for (long m : milestones) {
            if (m < it) {
                passed++;
            }
        }
        return base * Math.pow(gamma, passed);
    }
}
