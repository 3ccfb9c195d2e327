package io.dckd.core.bench;

import java.util.Map;

/**
 * The resident memory a phase of a benchmark adds at its peak: {@link #start()} resets the
 * process's peak RSS ({@code VmHWM}) to the current RSS and records that RSS; {@link #report} puts
 * the peak since then and its difference to the start. The kernel updates the peak before it frees
 * pages, so short peaks count. The figure is the whole process's: JVM heap the phase touches for the
 * first time counts, heap or native pages an earlier phase left resident and this one reuses do not.
 * Where the peak cannot be reset (not Linux, {@code /proc/self/clear_refs} not writable) no figure
 * is given, only the reason.
 */
public final class PeakRss {

    private final boolean reset;
    private final double start;

    private PeakRss(boolean reset, double start) {
        this.reset = reset;
        this.start = start;
    }

    /** Resets the peak and remembers the current RSS. */
    public static PeakRss start() {
        boolean reset = Rss.resetPeak();
        return new PeakRss(reset, Rss.mib());
    }

    /**
     * Puts {@code <prefix>rss_peak_mib} (the peak since {@link #start()}) and
     * {@code <prefix>rss_peak_delta_mib} (that minus the RSS at the start) into {@code out}, or
     * {@code <prefix>rss_peak_skipped} with the reason.
     */
    public void report(String prefix, Map<String, Object> out) {
        double peak = Rss.peakMib();
        if (!reset || peak < 0 || start < 0) {
            out.put(prefix + "rss_peak_skipped", "the peak resident set size cannot be reset here (needs Linux /proc/self/clear_refs"
                    + " and /proc/self/status); a process-lifetime peak would include the other runtime's");
            return;
        }
        out.put(prefix + "rss_peak_mib", peak);
        out.put(prefix + "rss_peak_delta_mib", peak - start);
    }
}
