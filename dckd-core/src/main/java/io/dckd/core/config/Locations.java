package io.dckd.core.config;

import com.typesafe.config.ConfigOrigin;

/**
 * Formats where a value was written as {@code file:line} (or the origin's own description for
 * values from {@code --set} or a resource), so every config message points at the same kind of place.
 */
public final class Locations {

    private Locations() {}

    /** {@code run.conf:12}, {@code --set train.total_iter=-5}, or {@code <unknown>}. */
    public static String of(ConfigOrigin origin) {
        if (origin == null) {
            return "<unknown>";
        }
        if (origin.filename() != null && origin.lineNumber() > 0) {
            return origin.filename() + ":" + origin.lineNumber();
        }
        String d = origin.description();
        if (d.startsWith("--set ")) {
            return d.replaceFirst(": 1$", "");
        }
        return d.replaceFirst(": (\\d+)$", ":$1");
    }
}
