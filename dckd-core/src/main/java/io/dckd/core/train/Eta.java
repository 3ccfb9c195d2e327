package io.dckd.core.train;

import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Iterations per second and the time left, from the wall-clock time since the loop started (so
 * validation and checkpoints count, as they will in the remaining time) and the iterations done in
 * this process (a resumed run's earlier iterations took no time here).
 */
final class Eta {

    private final long start;
    private final long total;
    private final LongSupplier nanoClock;
    private final long t0;

    Eta(long start, long total, LongSupplier nanoClock) {
        this.start = start;
        this.total = total;
        this.nanoClock = nanoClock;
        this.t0 = nanoClock.getAsLong();
    }

    /** Iterations per second after iteration {@code it}; NaN before the first. */
    double itPerSecond(long it) {
        double secs = (nanoClock.getAsLong() - t0) / 1e9;
        return it <= start || secs <= 0 ? Double.NaN : (it - start) / secs;
    }

    /** "eta 0:01:23 (2.41 it/s)" after iteration {@code it}; "eta ?" before the rate is known. */
    String describe(long it) {
        double rate = itPerSecond(it);
        if (!Double.isFinite(rate)) {
            return "eta ?";
        }
        return String.format(Locale.ROOT, "eta %s (%.2f it/s)", clock(Math.round((total - it) / rate)), rate);
    }

    /** H:MM:SS, as the progress bar writes durations. */
    static String clock(long seconds) {
        return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }
}
