package io.dckd.core.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;

/**
 * Finds misspelled keys: Typesafe Config's {@code checkValid} does not report keys that the
 * reference lacks, so each section is compared with the keys its defaults declare.
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
                throw unknown(e.getKey(), e.getValue(), known, path);
            }
        }
    }

    /**
     * Recursively compares {@code user} with {@code template}; sections listed in {@code open} (paths
     * relative to the root) are not descended into: their owners check them.
     */
    public static void requireKnownTree(Config user, Config template, Set<String> open) {
        walk(user.root(), template.root(), "", open);
    }

    private static void walk(ConfigObject user, ConfigObject template, String prefix, Set<String> open) {
        for (Map.Entry<String, ConfigValue> e : user.entrySet()) {
            String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            if (open.contains(path) || matchesWildcard(open, path)) {
                continue;
            }
            ConfigValue t = template.get(e.getKey());
            if (t == null) {
                throw unknown(e.getKey(), e.getValue(), template.keySet(), prefix.isEmpty() ? "<root>" : prefix);
            }
            if (e.getValue().valueType() == ConfigValueType.OBJECT && t.valueType() == ConfigValueType.OBJECT) {
                walk((ConfigObject) e.getValue(), (ConfigObject) t, path, open);
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

    private static ConfigProblem unknown(String key, ConfigValue value, Collection<String> known, String path) {
        String nearest = nearest(key, known);
        String hint = nearest == null ? "" : "; did you mean '" + nearest + "'?";
        return new ConfigProblem(value.origin(), "unknown key '" + key + "' in " + path + hint
                + " (valid keys: " + String.join(", ", new java.util.TreeSet<>(known)) + ")");
    }

    /** The known key with the smallest edit distance to {@code key}, if reasonably close. */
    public static String nearest(String key, Collection<String> known) {
        return known.stream()
                .min(Comparator.comparingInt((String k) -> distance(key.toLowerCase(), k.toLowerCase())))
                .filter(k -> distance(key.toLowerCase(), k.toLowerCase()) <= Math.max(2, key.length() / 2))
                .orElse(null);
    }

    /** The known key with the smallest edit distance to {@code key} (null only when there are none). */
    public static String closest(String key, Iterable<String> known) {
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(key.toLowerCase(), k.toLowerCase());
            if (d < bestD) {
                bestD = d;
                best = k;
            }
        }
        return best;
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
