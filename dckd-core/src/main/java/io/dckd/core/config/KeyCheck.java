package io.dckd.core.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds misspelled keys: Typesafe Config's {@code checkValid} does not report keys that the
 * reference lacks, so each section is compared with the keys its defaults declare. The one place
 * for that check: {@link ComponentOptions} uses it for component sections, {@link RunConfig} for
 * the run tree.
 */
public final class KeyCheck {

    private KeyCheck() {}

    /**
     * Fails on the first key of {@code section} that is not in {@code known}, naming the file:line
     * where it was written and the nearest known key.
     *
     * @param section the user's section (its values carry origins)
     * @param known the keys that section may hold
     * @param path the section's config path, for the message (e.g. {@code network_g})
     */
    public static void requireKnownKeys(Config section, Collection<String> known, String path) {
        for (Map.Entry<String, ConfigValue> e : section.root().entrySet()) {
            if (!known.contains(e.getKey())) {
                throw unknown(e.getKey(), e.getValue().origin(), known, path, "");
            }
        }
    }

    /**
     * Recursively compares {@code user} with {@code template}; sections listed in {@code open} (paths
     * relative to the root) are not descended into: their owners check them.
     */
    public static void requireKnownTree(Config user, Config template, Set<String> open) {
        walk(user.root(), template.root(), "", "", Set.of(), open, null);
    }

    /**
     * Checks a component's section against its defaults, descending into nested sections that the
     * defaults declare as sections too (the check behind {@link ComponentOptions}).
     *
     * @param path the section's config path, prefixed to keys in messages (e.g. {@code network_g})
     * @param extra top-level keys allowed besides those of the defaults (e.g. {@code type})
     * @param open relative paths not descended into (their owners check them)
     * @param fallback where to point when a value carries no origin (the section's)
     */
    static void requireKnownSection(Config user, Config defaults, String path, Set<String> extra, Set<String> open,
                                    ConfigOrigin fallback) {
        walk(user.root(), defaults.root(), "", path, extra, open, fallback);
    }

    private static void walk(ConfigObject user, ConfigObject template, String prefix, String section, Set<String> extra,
                             Set<String> open, ConfigOrigin fallback) {
        for (Map.Entry<String, ConfigValue> e : user.entrySet()) {
            String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            if (open.contains(path) || matchesWildcard(open, path) || (prefix.isEmpty() && extra.contains(e.getKey()))) {
                continue;
            }
            ConfigValue t = template.get(e.getKey());
            if (t == null) {
                Set<String> valid = new TreeSet<>(template.keySet());
                if (prefix.isEmpty()) {
                    valid.addAll(extra);
                }
                ConfigOrigin origin = e.getValue().origin() != null ? e.getValue().origin() : fallback;
                if (section.isEmpty()) {
                    throw unknown(e.getKey(), origin, valid, prefix.isEmpty() ? "<root>" : prefix, "");
                }
                // within a component's section, nested keys are named from the section down (noisy.prob)
                throw unknown(e.getKey(), origin, valid, section, prefix.isEmpty() ? "" : prefix + ".");
            }
            if (e.getValue().valueType() == ConfigValueType.OBJECT && t.valueType() == ConfigValueType.OBJECT) {
                walk((ConfigObject) e.getValue(), (ConfigObject) t, path, section, extra, open, fallback);
            }
        }
    }

    private static boolean matchesWildcard(Set<String> open, String path) {
        for (String o : open) {
            if (o.endsWith(".*") && path.startsWith(o.substring(0, o.length() - 1))) {
                return true;
            }
            if (o.startsWith("*") && path.endsWith(o.substring(1))) {
                return true;
            }
        }
        return false;
    }

    /** The error for {@code key}, written as {@code qualifier + key} in {@code path} (as are the nearest and valid keys). */
    private static ConfigProblem unknown(String key, ConfigOrigin origin, Collection<String> known, String path, String qualifier) {
        String nearest = nearest(key, known);
        String hint = nearest == null ? "" : "; did you mean '" + qualifier + nearest + "'?";
        return new ConfigProblem(origin, "unknown key '" + qualifier + key + "' in " + path + hint + " (valid keys: "
                + String.join(", ", new TreeSet<>(known).stream().map(k -> qualifier + k).toList()) + ")");
    }

    /**
     * The known key with the smallest edit distance to {@code key}, if reasonably close; else the
     * shortest known key that {@code key} begins (a key written short, {@code window} for
     * {@code window_size}); null when neither.
     */
    public static String nearest(String key, Collection<String> known) {
        String lower = key.toLowerCase();
        return known.stream()
                .min(Comparator.comparingInt((String k) -> distance(lower, k.toLowerCase())))
                .filter(k -> distance(lower, k.toLowerCase()) <= Math.max(2, key.length() / 2))
                .or(() -> known.stream().filter(k -> k.toLowerCase().startsWith(lower)).min(Comparator.comparingInt(String::length)))
                .orElse(null);
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
