package io.dckd.losses.internal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.dckd.core.spi.ComponentSpec;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * One loss section ({@code pixel_opt { type = L1Loss, ... }}) checked against the keys its type
 * declares in this module's {@code reference.conf} ({@code dckd.losses.<type>}) and merged with
 * those defaults. Unknown keys fail with the key, its file:line and the nearest valid key.
 *
 * <p>Option precedence for {@code pred}, {@code target} and {@code name}: the user's section, then
 * the type's own non-null default, then the section-name default under {@code dckd.losses.sections}.
 */
public final class TermConfig {

    /** Root of this module's defaults. */
    public static final String ROOT = "dckd.losses";

    private final ComponentSpec spec;
    private final Config merged;
    private final Config sectionDefaults;

    private TermConfig(ComponentSpec spec, Config merged, Config sectionDefaults) {
        this.spec = spec;
        this.merged = merged;
        this.sectionDefaults = sectionDefaults;
    }

    /** Checks {@code spec}'s keys against {@code dckd.losses.<type>} and merges the defaults under it. */
    public static TermConfig of(ComponentSpec spec, String type) {
        Config reference = reference();
        Config defaults = reference.getConfig(ROOT + "." + type);
        checkKeys(spec.params().root(), defaults.root(), "", spec);
        String section = sectionName(spec.path());
        String sectionPath = ROOT + ".sections." + section;
        Config sectionDefaults = reference.hasPath(sectionPath) ? reference.getConfig(sectionPath) : ConfigFactory.empty();
        return new TermConfig(spec, spec.params().withFallback(defaults), sectionDefaults);
    }

    /** This module's {@code reference.conf}, loaded with this module's class loader. */
    public static Config reference() {
        return ConfigFactory.defaultReference(TermConfig.class.getClassLoader());
    }

    /** The last element of a section path: {@code train.pixel_opt} → {@code pixel_opt}. */
    public static String sectionName(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }

    /** The section name ({@code pixel_opt}), or {@code <code>} for a spec built in code. */
    public String section() {
        return sectionName(spec.path());
    }

    /** The config path of the section, for messages. */
    public String path() {
        return spec.path();
    }

    /** Where the section was written. */
    public ConfigOrigin origin() {
        return spec.origin();
    }

    /** A number (user's value or default). */
    public double getDouble(String key) {
        try {
            return merged.getDouble(key);
        } catch (ConfigException.WrongType e) {
            throw bad(key, "expected a number, found " + merged.getValue(key).valueType() + " " + merged.getValue(key).render());
        }
    }

    /** A string (user's value or default). */
    public String getString(String key) {
        return merged.getString(key);
    }

    /** A list of numbers. */
    public double[] getDoubles(String key) {
        try {
            return merged.getDoubleList(key).stream().mapToDouble(Double::doubleValue).toArray();
        } catch (ConfigException.WrongType e) {
            throw bad(key, "expected a list of numbers, found " + merged.getValue(key).render());
        }
    }

    /** True when the user's section sets {@code key} (to a non-null value). */
    public boolean userSet(String key) {
        return spec.params().hasPath(key);
    }

    /** A string that is set (non-null) in the merged section. */
    public Optional<String> optString(String key) {
        return merged.hasPath(key) ? Optional.of(merged.getString(key)) : Optional.empty();
    }

    /**
     * {@code pred}, {@code target} or {@code name}: the user's value or the type's default, else
     * the default for this section name ({@code dckd.losses.sections.<section>.<key>}).
     */
    public Optional<String> resolved(String key) {
        Optional<String> own = optString(key);
        if (own.isPresent()) {
            return own;
        }
        return sectionDefaults.hasPath(key) ? Optional.of(sectionDefaults.getString(key)) : Optional.empty();
    }

    /** The log name: resolved {@code name}, else {@code l_<section without _opt>}, else {@code l_<type>}. */
    public String termName(String type) {
        return resolved("name").orElseGet(() -> {
            String s = section();
            return s.endsWith("_opt") && s.length() > 4
                    ? "l_" + s.substring(0, s.length() - 4)
                    : "l_" + type.toLowerCase(java.util.Locale.ROOT);
        });
    }

    /** A domain error at {@code key}'s file:line (or the section's when the key is a default). */
    public ConfigException bad(String key, String message) {
        ConfigOrigin where = spec.params().hasPathOrNull(key) ? spec.params().getValue(key).origin() : spec.origin();
        if (spec.params().hasPathOrNull(key) && spec.params().getIsNull(key)) {
            where = spec.origin();
        }
        return new ConfigException.BadValue(where, spec.path() + "." + key, message);
    }

    private static void checkKeys(ConfigObject user, ConfigObject defaults, String prefix, ComponentSpec spec) {
        for (String key : user.keySet()) {
            if (prefix.isEmpty() && key.equals("type")) {
                continue;
            }
            ConfigValue value = user.get(key);
            ConfigValue known = defaults.get(key);
            if (known == null) {
                TreeSet<String> valid = new TreeSet<>(defaults.keySet());
                if (prefix.isEmpty()) {
                    valid.add("type");
                }
                String where = value.origin() == null ? spec.origin().description() : value.origin().description();
                throw new ConfigException.BadValue(value.origin() == null ? spec.origin() : value.origin(),
                        spec.path() + "." + prefix + key,
                        "unknown key '" + prefix + key + "' for loss type " + spec.type() + " (" + where + "); did you mean '"
                                + prefix + nearest(key, valid) + "'? valid keys: " + valid);
            }
            if (value.valueType() == ConfigValueType.OBJECT && known.valueType() == ConfigValueType.OBJECT) {
                checkKeys((ConfigObject) value, (ConfigObject) known, prefix + key + ".", spec);
            }
        }
    }

    /** The candidate with the smallest edit distance to {@code key}. */
    static String nearest(String key, Iterable<String> candidates) {
        return io.dckd.core.config.KeyCheck.closest(key, candidates);
    }

    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** {@code reduction}: {@code mean} or {@code sum}. */
    public io.dckd.losses.Reduction reduction() {
        return io.dckd.losses.Reduction.of(oneOf("reduction", io.dckd.losses.Reduction.NAMES));
    }

    /** Checks that {@code value} is one of {@code allowed}. */
    public String oneOf(String key, List<String> allowed) {
        String v = getString(key);
        if (!allowed.contains(v)) {
            throw bad(key, "expected one of " + allowed + ", found '" + v + "'");
        }
        return v;
    }
}
