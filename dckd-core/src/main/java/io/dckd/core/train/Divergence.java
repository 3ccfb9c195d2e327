package io.dckd.core.train;

/**
 * When a run counts as diverged ({@code train.divergence}): a weight (student, EMA, history) past
 * {@code maxAbsWeight} after an update stops the run; a step whose total loss exceeds
 * {@code lossFactor} times the median of the last {@code lossWindow} good steps is skipped as a
 * bad step ({@code lossFactor = 0}: off).
 */
public record Divergence(double maxAbsWeight, double lossFactor, int lossWindow) {

    /** The defaults of {@code reference.conf}. */
    public static Divergence defaults() {
        return new Divergence(1e4, 1e3, 50);
    }
}
