package io.dckd.backbones.kit;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import io.dckd.core.config.KeyCheck;
import io.dckd.core.config.OptionRanges;
import io.dckd.core.spi.ComponentSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The options of one backbone section: the user's {@link ComponentSpec#params()} over the
 * architecture's defaults in this module's {@code reference.conf} at
 * {@code dckd.backbones.defaults.<Type>} (the official option names and defaults). A key the
 * defaults do not declare (checked into nested sections such as VQGAN's {@code ddconfig}) is an
 * error naming the key, where it was written (file:line), the nearest valid key and every valid
 * one; numbers outside {@code dckd.ranges.types.<Type>} are errors too.
 */
public final class BackboneOptions {

    /** Where the architectures' defaults live in the reference configuration. */
    public static final String DEFAULTS = "dckd.backbones.defaults";

    /** Keys of a section that are not options: the type, and the preset it was expanded from. */
    private static final Set<String> RESERVED = Set.of("type", "preset");

    private final String type;
    private final ComponentSpec spec;
    private final Config merged;

    private BackboneOptions(String type, ComponentSpec spec, Config merged) {
        this.type = type;
        this.spec = spec;
        this.merged = merged;
    }

    /** The defaults section for {@code type} from this module's reference configuration. */
    public static Config defaults(String type) {
        Config ref = reference();
        String path = DEFAULTS + "." + ConfigUtil.quoteString(type);
        if (!ref.hasPath(path)) {
            throw new IllegalStateException("reference.conf has no " + path);
        }
        return ref.getConfig(path);
    }

    private static Config reference() {
        return ConfigFactory.defaultReference(BackboneOptions.class.getClassLoader());
    }

    /** Validates {@code spec} (already preset-resolved, type {@code type}) against the defaults and ranges of {@code type}. */
    public static BackboneOptions of(String type, ComponentSpec spec) {
        Config reference = reference();
        Config defaults = defaults(type);
        rejectUnknown(spec.params().root(), defaults.root(), "", type, spec);
        Config user = spec.params();
        for (String key : RESERVED) {
            user = user.withoutPath(key);
        }
        ConfigObject section = user.root().withValue("type", ConfigValueFactory.fromAnyRef(type));
        OptionRanges.of(reference).check(ConfigFactory.empty().withValue(ConfigUtil.quoteString(spec.path()), section));
        return new BackboneOptions(type, spec, spec.params().withFallback(defaults).resolve());
    }

    private static void rejectUnknown(ConfigObject user, ConfigObject defaults, String prefix, String type, ComponentSpec spec) {
        for (Map.Entry<String, ConfigValue> e : user.entrySet()) {
            String key = e.getKey();
            if (prefix.isEmpty() && RESERVED.contains(key)) {
                continue;
            }
            ConfigValue known = defaults.get(key);
            String path = prefix + key;
            if (known == null) {
                Set<String> valid = new TreeSet<>(defaults.keySet());
                ConfigOrigin origin = e.getValue().origin() != null ? e.getValue().origin() : spec.origin();
                throw new ConfigException.BadValue(origin, spec.path() + "." + path,
                        "unknown option '" + path + "' for backbone " + type + " (at " + origin.description() + "); did you mean '"
                                + prefix + KeyCheck.closest(key, valid) + "'? Valid options: " + String.join(", ", valid));
            }
            if (known.valueType() == ConfigValueType.OBJECT && e.getValue().valueType() == ConfigValueType.OBJECT) {
                rejectUnknown((ConfigObject) e.getValue(), (ConfigObject) known, path + ".", type, spec);
            }
        }
    }

    /** The architecture name, e.g. {@code RCAN}. */
    public String type() {
        return type;
    }

    public int getInt(String key) {
        return merged.getInt(key);
    }

    public double getDouble(String key) {
        return merged.getDouble(key);
    }

    public float getFloat(String key) {
        return (float) merged.getDouble(key);
    }

    public boolean getBoolean(String key) {
        return merged.getBoolean(key);
    }

    public String getString(String key) {
        return merged.getString(key);
    }

    public boolean isNull(String key) {
        return merged.getIsNull(key);
    }

    /** The type of a value (to accept, e.g., an int or a list). */
    public ConfigValueType valueType(String key) {
        return merged.getValue(key).valueType();
    }

    public List<Integer> getIntList(String key) {
        return merged.getIntList(key);
    }

    /** A float array option (e.g. {@code rgb_mean}). */
    public float[] getFloatArray(String key) {
        List<Double> values = merged.getDoubleList(key);
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i).floatValue();
        }
        return out;
    }

    /** An int ≥ 1 at {@code key} (a path such as {@code ddconfig.ch} reaches into a nested section). */
    public int positiveInt(String key) {
        int v = merged.getInt(key);
        if (v < 1) {
            throw bad(key, key + " must be >= 1, got " + v);
        }
        return v;
    }

    /** A list of ints ≥ 1 (≥ 0 with {@code allowZero}) at {@code key}. */
    public int[] positiveInts(String key, boolean allowZero) {
        List<Integer> list = merged.getIntList(key);
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = list.get(i);
            if (out[i] < 0 || (!allowZero && out[i] == 0)) {
                throw bad(key, key + " entries must be " + (allowZero ? ">= 0" : ">= 1") + ", got " + list);
            }
        }
        return out;
    }

    /** An error about the value of {@code key}, pointing to where it was written. */
    public ConfigException.BadValue bad(String key, String message) {
        ConfigOrigin origin = merged.hasPathOrNull(key) ? merged.getValue(key).origin() : spec.origin();
        return new ConfigException.BadValue(origin, spec.path() + "." + key, message);
    }
}
