package io.dckd.core.train;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Locale;

/**
 * The total losses of the last good steps, to tell an exploding loss from an ordinary one: a step
 * whose total exceeds {@code factor} times the median of the window is refused before its
 * gradient is applied. The median (not the mean) so that one large step cannot raise the bar for
 * the next; at least {@link #MIN_STEPS} steps are needed before anything is judged.
 */
final class LossHistory {

    static final int MIN_STEPS = 10;

    private final int window;
    private final ArrayDeque<Double> totals = new ArrayDeque<>();

    LossHistory(int window) {
        this.window = Math.max(1, window);
    }

    /** Records the total loss of a step that was applied. */
    void add(double total) {
        totals.addLast(total);
        while (totals.size() > window) {
            totals.removeFirst();
        }
    }

    /** Null when {@code total} is ordinary (or judging is off, {@code factor <= 0}); else why it is not. */
    String explosion(double total, double factor) {
        if (factor <= 0 || totals.size() < MIN_STEPS) {
            return null;
        }
        double[] sorted = totals.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        double median = sorted[sorted.length / 2];
        if (median > 0 && total > factor * median) {
            return String.format(Locale.ROOT, "exploding loss: l_total = %.4g is more than %.4g times the median %.4g of the last %d steps"
                    + " (train.divergence.loss_factor)", total, factor, median, sorted.length);
        }
        return null;
    }
}
