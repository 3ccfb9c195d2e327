package io.dckd.tasks.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a config section's keys against the keys its defaults declare, because Typesafe Config's
 * {@code checkValid} does not catch misspelled keys. An unknown key is reported with the section's
 * path, the file:line where it was written and the nearest valid key (Levenshtein distance).
 */
public final class ConfigKeys {

    private ConfigKeys() {}

    /** This module's defaults: the {@code dckd.tasks} root of its {@code reference.conf}. */
    public static Config defaults() {
        return ConfigFactory.defaultReference(ConfigKeys.class.getClassLoader()).getConfig("dckd.tasks");
    }

    /**
     * Rejects any top-level key of {@code section} that is not in {@code valid}.
     *
     * @param section the user's section (origins intact)
     * @param valid the valid top-level keys
     * @param path the section's config path for messages, e.g. {@code datasets.train}
     * @throws ConfigException.BadValue naming the key, file:line and nearest valid key
     */
    public static void check(Config section, Collection<String> valid, String path) {
        for (Map.Entry<String, ConfigValue> e : section.root().entrySet()) {
            String key = e.getKey();
            if (!valid.contains(key)) {
                String nearest = nearest(key, valid);
                throw new ConfigException.BadValue(e.getValue().origin(), path + "." + key,
                        "unknown key '" + key + "' in " + path + " (" + e.getValue().origin().description() + ")"
                                + (nearest == null ? "" : "; did you mean '" + nearest + "'?")
                                + " Valid keys: " + new TreeSet<>(valid));
            }
        }
    }

    /** {@link #check} with the keys of {@code defaults} plus {@code extra}. */
    public static void check(Config section, Config defaults, String path, String... extra) {
        Set<String> valid = new TreeSet<>(defaults.root().keySet());
        valid.addAll(java.util.List.of(extra));
        check(section, valid, path);
    }

    /** The valid key closest to {@code key} by edit distance, or null if none is within half its length. */
    public static String nearest(String key, Collection<String> valid) {
        return io.dckd.core.config.KeyCheck.closest(key, valid);
    }

}
