package io.dckd.plugins.dckd;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueType;
import io.dckd.core.config.KeyCheck;
import io.dckd.core.spi.ComponentSpec;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a component's options: the user's section over this plugin's defaults
 * ({@code dckd.plugins.dckd.<type>} in the plugin's own {@code reference.conf}, read with the
 * plugin's class loader), rejecting unknown keys with file:line and the nearest valid key, and
 * checking value ranges with errors that point at the offending value.
 */
public final class PluginOptions {

    /** Root of this plugin's defaults. */
    public static final String ROOT = "dckd.plugins.dckd";

    private PluginOptions() {}

    /** The defaults of component {@code type} (e.g. {@code DNSG}). */
    public static Config defaults(String type) {
        return ConfigFactory.parseResources(PluginOptions.class.getClassLoader(), "reference.conf")
                .getConfig(ROOT + "." + type).resolve();
    }

    /**
     * {@code spec}'s values over {@code defaults}; every key of the spec (except {@code type}) must
     * be declared by the defaults, and so must every key of the nested sections named in
     * {@code checkedSections}.
     */
    public static Config resolve(ComponentSpec spec, Config defaults, String... checkedSections) {
        Set<String> known = new HashSet<>(defaults.root().keySet());
        known.add("type");
        KeyCheck.requireKnownKeys(spec.params(), known, spec.path());
        for (String section : checkedSections) {
            if (spec.params().hasPath(section) && spec.params().getValue(section).valueType() == ConfigValueType.OBJECT) {
                KeyCheck.requireKnownKeys(spec.params().getConfig(section), defaults.getConfig(section).root().keySet(),
                        spec.path() + "." + section);
            }
        }
        return spec.params().withFallback(defaults).resolve();
    }

    /** A probability in [0, 1]. */
    public static double probability(Config c, String key) {
        double p = c.getDouble(key);
        if (!(p >= 0 && p <= 1)) {
            throw bad(c, key, "must be a probability in [0, 1], got " + p);
        }
        return p;
    }

    /** A two-element range [lo, hi] with lo <= hi (and lo >= {@code min}). */
    public static double[] range(Config c, String key, double min) {
        List<Double> v = c.getDoubleList(key);
        if (v.size() != 2 || !(v.get(0) <= v.get(1)) || !(v.get(0) >= min)) {
            throw bad(c, key, "must be [lo, hi] with " + min + " <= lo <= hi, got " + v);
        }
        return new double[] {v.get(0), v.get(1)};
    }

    /** A positive integer. */
    public static int positiveInt(Config c, String key) {
        int v = c.getInt(key);
        if (v <= 0) {
            throw bad(c, key, "must be > 0, got " + v);
        }
        return v;
    }

    /** A positive number. */
    public static double positive(Config c, String key) {
        double v = c.getDouble(key);
        if (!(v > 0)) {
            throw bad(c, key, "must be > 0, got " + v);
        }
        return v;
    }

    /** An error pointing at {@code key}'s value (file:line). */
    public static ConfigException.BadValue bad(Config c, String key, String message) {
        return new ConfigException.BadValue(c.getValue(key).origin(), key, message);
    }
}
