package io.dckd.core.train;

import java.util.Map;

/** Parses one flat JSON object as written by {@link MetricsLog} (for stage markers and reports). */
public final class MetricsLogAccess {

    private MetricsLogAccess() {}

    /** Numbers as doubles, strings as strings. */
    public static Map<String, Object> parse(String json) {
        return MetricsLog.parse(json);
    }
}
