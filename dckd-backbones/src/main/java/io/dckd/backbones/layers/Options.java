package io.dckd.backbones.layers;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.dckd.core.spi.ComponentSpec;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads a backbone's options: the user's section over the defaults declared in this module's
 * {@code reference.conf} (e.g. {@code dckd.backbones.NAFNet}). A key the defaults do not declare
 * is an error naming the key, where it was written (file:line) and the nearest valid key.
 */
public final class Options {

    private Options() {}

    /** The module's reference defaults at {@code path}, e.g. {@code dckd.backbones.VQGAN}. */
    public static Config reference(String path) {
        return ConfigFactory.defaultReference(Options.class.getClassLoader()).getConfig(path);
    }

    /**
     * Checks {@code spec}'s keys (recursively into nested objects) against {@code defaults} and
     * returns the user's values with the defaults underneath.
     *
     * @throws ConfigException.BadValue for an unknown key
     */
    public static Config resolve(ComponentSpec spec, Config defaults) {
        check(spec.params().root(), defaults.root(), "", spec);
        return spec.params().withFallback(defaults).resolve();
    }

    private static void check(ConfigObject user, ConfigObject defaults, String prefix, ComponentSpec spec) {
        for (Map.Entry<String, ConfigValue> e : user.entrySet()) {
            String key = e.getKey();
            if (prefix.isEmpty() && key.equals("type")) {
                continue;
            }
            ConfigValue known = defaults.get(key);
            String path = prefix + key;
            if (known == null) {
                String nearest = nearest(key, defaults.keySet());
                throw new ConfigException.BadValue(e.getValue().origin(), spec.path() + "." + path,
                        "unknown option '" + path + "' for " + spec.type() + " (section at " + spec.origin().description()
                                + "); nearest valid key: '" + prefix + nearest + "'; valid keys: " + new TreeSet<>(defaults.keySet()));
            }
            if (known.valueType() == ConfigValueType.OBJECT && e.getValue().valueType() == ConfigValueType.OBJECT) {
                check((ConfigObject) e.getValue(), (ConfigObject) known, path + ".", spec);
            }
        }
    }

    /** The candidate with the smallest edit distance to {@code key}. */
    static String nearest(String key, Iterable<String> candidates) {
        return io.dckd.core.config.KeyCheck.closest(key, candidates);
    }

    /** A list of positive ints at {@code key}; an error naming file:line otherwise. */
    public static int[] positiveInts(Config c, String key, boolean allowZero) {
        List<Integer> list = c.getIntList(key);
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = list.get(i);
            if (out[i] < 0 || (!allowZero && out[i] == 0)) {
                throw new ConfigException.BadValue(c.getValue(key).origin(), key,
                        "entries must be " + (allowZero ? ">= 0" : "> 0") + ", got " + list);
            }
        }
        return out;
    }

    /** A positive int at {@code key}. */
    public static int positiveInt(Config c, String key) {
        int v = c.getInt(key);
        if (v <= 0) {
            throw new ConfigException.BadValue(c.getValue(key).origin(), key, "must be > 0, got " + v);
        }
        return v;
    }
}
