package io.dckd.tasks.task;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.dckd.core.spi.ComponentSpec;
import io.dckd.tasks.config.ConfigKeys;
import java.util.List;

/** Binds a {@code task} section over {@code dckd.tasks.<type>} and reads typed values with file:line errors. */
final class TaskOptions {
    private final Config c;
    private final String path;

    private TaskOptions(Config c, String path) {
        this.c = c;
        this.path = path;
    }

    static TaskOptions of(ComponentSpec spec, String type) {
        Config defaults = ConfigKeys.defaults().getConfig(type);
        ConfigKeys.check(spec.params(), defaults, spec.path(), "type");
        return new TaskOptions(spec.params().withFallback(defaults), spec.path());
    }

    int positiveInt(String key) {
        int v = c.getInt(key);
        if (v <= 0) {
            throw bad(key, key + " must be > 0, got " + v);
        }
        return v;
    }

    String string(String key, String... allowed) {
        String v = c.getString(key);
        if (!List.of(allowed).contains(v)) {
            throw bad(key, key + " must be one of " + List.of(allowed) + ", got '" + v + "'");
        }
        return v;
    }

    /** A [lo, hi] pair with lo <= hi (a single number means [v, v]), each within [min, max]. */
    double[] range(String key, double min, double max) {
        List<Double> l;
        try {
            l = c.getDoubleList(key);
        } catch (ConfigException.WrongType e) {
            double v = c.getDouble(key);
            l = List.of(v, v);
        }
        if (l.size() != 2 || l.get(0) > l.get(1) || l.get(0) < min || l.get(1) > max) {
            throw bad(key, key + " must be [low, high] with " + min + " <= low <= high <= " + max + ", got " + l);
        }
        return new double[] {l.get(0), l.get(1)};
    }

    /** A list of positive numbers (a single number is a one-element list). */
    double[] list(String key) {
        List<Double> l;
        try {
            l = c.getDoubleList(key);
        } catch (ConfigException.WrongType e) {
            l = List.of(c.getDouble(key));
        }
        if (l.isEmpty() || l.stream().anyMatch(v -> v < 0)) {
            throw bad(key, key + " must be a number >= 0 or a non-empty list of them, got " + l);
        }
        return l.stream().mapToDouble(Double::doubleValue).toArray();
    }

    ConfigException bad(String key, String msg) {
        return new ConfigException.BadValue(c.getValue(key).origin(), path + "." + key, msg);
    }

    static double uniform(java.util.SplittableRandom rng, double[] range) {
        return range[0] == range[1] ? range[0] : range[0] + rng.nextDouble() * (range[1] - range[0]);
    }
}
