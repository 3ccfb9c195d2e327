package io.dckd.core.train;

import java.util.LinkedHashMap;
import java.util.Map;

/** The mean of each logged loss term over the applied steps since the last log line (BasicSR's {@code log_dict} reduction). */
final class LossAverage {

    private final Map<String, Double> sums = new LinkedHashMap<>();
    private int count;

    void add(Map<String, Double> values) {
        values.forEach((k, v) -> sums.merge(k, v, Double::sum));
        count++;
    }

    boolean isEmpty() {
        return count == 0;
    }

    Map<String, Double> means() {
        Map<String, Double> m = new LinkedHashMap<>();
        sums.forEach((k, v) -> m.put(k, v / count));
        return m;
    }

    void clear() {
        sums.clear();
        count = 0;
    }
}
