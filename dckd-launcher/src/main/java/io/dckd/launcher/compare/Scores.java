package io.dckd.launcher.compare;

import io.dckd.core.train.Validator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Validation means of one trained model: weights ({@code raw}, {@code ema}, or {@code -} for a
 * teacher) → set → metric → value. Stored flat in stage markers as {@code weights|set|metric}.
 */
public record Scores(Map<String, Map<String, Map<String, Double>>> values) {

    /** From validator results, under {@code weights}. */
    public static Scores of(String weights, Map<String, Validator.SetResult> res, Scores into) {
        Map<String, Map<String, Map<String, Double>>> v = into == null ? new LinkedHashMap<>() : into.values();
        Map<String, Map<String, Double>> sets = v.computeIfAbsent(weights, k -> new LinkedHashMap<>());
        res.forEach((set, r) -> sets.put(set, new LinkedHashMap<>(r.mean())));
        return new Scores(v);
    }

    /** Flat {@code weights|set|metric → value}. */
    public Map<String, Object> flat() {
        Map<String, Object> out = new LinkedHashMap<>();
        values.forEach((w, sets) -> sets.forEach((s, m) -> m.forEach((k, val) -> out.put(w + "|" + s + "|" + k, val))));
        return out;
    }

    /** The inverse of {@link #flat()} (other keys are ignored). */
    public static Scores fromFlat(Map<String, Object> flat) {
        Map<String, Map<String, Map<String, Double>>> v = new LinkedHashMap<>();
        flat.forEach((key, val) -> {
            String[] p = key.split("\\|", 3);
            if (p.length == 3 && val instanceof Number n) {
                v.computeIfAbsent(p[0], k -> new LinkedHashMap<>()).computeIfAbsent(p[1], k -> new LinkedHashMap<>()).put(p[2], n.doubleValue());
            }
        });
        return new Scores(v);
    }

    /** A value, or NaN. */
    public double get(String weights, String set, String metric) {
        return values.getOrDefault(weights, Map.of()).getOrDefault(set, Map.of()).getOrDefault(metric, Double.NaN);
    }
}
