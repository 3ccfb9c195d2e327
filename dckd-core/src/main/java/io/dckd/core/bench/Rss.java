package io.dckd.core.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident set size of this process (Linux {@code /proc/self/status}), in MiB; -1 elsewhere. */
public final class Rss {

    private Rss() {}

    /** Current VmRSS in MiB. */
    public static double mib() {
        return status("VmRSS:");
    }

    /** VmHWM in MiB: the largest resident set size since the process started or since {@link #resetPeak()}; -1 elsewhere. */
    public static double peakMib() {
        return status("VmHWM:");
    }

    /**
     * Resets the peak ({@code VmHWM}) to the current resident set size by writing 5 to
     * {@code /proc/self/clear_refs} (Linux 4.0 and later); false where that cannot be done, and the
     * peak then still covers the whole process life.
     */
    public static boolean resetPeak() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static double status(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.replaceAll("\\D+", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
