package io.dckd.core.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.Map;

/**
 * Checks every numeric option of a resolved run against the ranges the modules declare next to
 * their defaults, in {@code dckd.ranges} of their {@code reference.conf}:
 *
 * <ul>
 *   <li>{@code dckd.ranges.run} mirrors the run tree ({@code train.total_iter = "int >= 1"}); a key
 *       {@code "*"} stands for every section at that level ({@code datasets."*".gt_size}).
 *   <li>{@code dckd.ranges.types.<Type>} applies to every section of the run whose {@code type} is
 *       {@code <Type>} (after expanding {@code dckd.presets}; a plugin's {@code "id:Type"} also finds
 *       {@code Type}): backbones, losses, tasks, samplers, mappers.
 * </ul>
 *
 * <p>Done once, at load, so {@code dckd config} refuses what {@code dckd train} would refuse, before
 * any run directory exists.
 */
public final class OptionRanges {

    /** Where the ranges live in the merged reference config. */
    public static final String ROOT = "dckd.ranges";

    private final ConfigObject runRanges;
    private final ConfigObject typeRanges;
    private final Config presets;

    private OptionRanges(ConfigObject runRanges, ConfigObject typeRanges, Config presets) {
        this.runRanges = runRanges;
        this.typeRanges = typeRanges;
        this.presets = presets;
    }

    /** The ranges declared in {@code reference} (resolved). */
    public static OptionRanges of(Config reference) {
        return new OptionRanges(section(reference, ROOT + ".run"), section(reference, ROOT + ".types"),
                reference.hasPath("dckd.presets") ? reference.getConfig("dckd.presets") : ConfigFactory.empty());
    }

    private static ConfigObject section(Config c, String path) {
        return c.hasPath(path) ? c.getConfig(path).root() : ConfigFactory.empty().root();
    }

    /** Checks {@code run} (without its {@code dckd} framework section); throws the first {@link ConfigProblem}. */
    public void check(Config run) {
        ConfigObject root = run.withoutPath("dckd").root();
        byPath(root, runRanges, "");
        byType(root, "");
    }

    /** Ranges for sections of type {@code type} (presets expanded), or null when none are declared. */
    public ConfigObject forType(String type) {
        String t = type;
        for (int hops = 0; hops < 8 && presets.root().get(t) instanceof ConfigObject p
                && p.get("type") != null && p.get("type").valueType() == ConfigValueType.STRING; hops++) {
            String next = (String) p.get("type").unwrapped();
            if (next.equals(t)) {
                break;
            }
            t = next;
        }
        ConfigValue r = typeRanges.get(t);
        if (r == null && t.indexOf(':') >= 0) {
            r = typeRanges.get(t.substring(t.indexOf(':') + 1));
        }
        return r instanceof ConfigObject o ? o : null;
    }

    /**
     * Checks {@code values} against {@code ranges} (a tree of range specs mirroring the values, with
     * {@code "*"} for every key at its level); {@code prefix} is prepended to keys in messages.
     */
    static void byPath(ConfigObject values, ConfigObject ranges, String prefix) {
        for (Map.Entry<String, ConfigValue> r : ranges.entrySet()) {
            if (r.getKey().equals("*")) {
                for (Map.Entry<String, ConfigValue> v : values.entrySet()) {
                    apply(v.getValue(), r.getValue(), prefix + v.getKey());
                }
            } else {
                apply(values.get(r.getKey()), r.getValue(), prefix + r.getKey());
            }
        }
    }

    private static void apply(ConfigValue value, ConfigValue range, String path) {
        if (value == null) {
            return;
        }
        if (range.valueType() == ConfigValueType.STRING) {
            NumberRange.parse((String) range.unwrapped()).check(path, value);
        } else if (range instanceof ConfigObject ro && value instanceof ConfigObject vo) {
            byPath(vo, ro, path + ".");
        }
    }

    private void byType(ConfigObject values, String prefix) {
        ConfigValue type = values.get("type");
        if (type != null && type.valueType() == ConfigValueType.STRING) {
            ConfigObject ranges = forType((String) type.unwrapped());
            if (ranges != null) {
                byPath(values, ranges, prefix);
            }
        }
        for (Map.Entry<String, ConfigValue> v : values.entrySet()) {
            if (v.getValue() instanceof ConfigObject child) {
                byType(child, prefix + v.getKey() + ".");
            }
        }
    }
}
