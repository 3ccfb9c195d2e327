package io.dckd.backbones.common;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import io.dckd.core.spi.ComponentSpec;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The options of one backbone: the user's {@link ComponentSpec#params()} over the defaults in this
 * module's {@code reference.conf} at {@code dckd.backbones.defaults.<Type>} (BasicSR names and
 * defaults). Keys that the defaults do not declare are rejected, naming the key, where it was
 * written (file:line) and the nearest valid key.
 */
public final class BackboneOptions {

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
        Config ref = ConfigFactory.defaultReference(BackboneOptions.class.getClassLoader());
        String path = "dckd.backbones.defaults." + ConfigUtil.quoteString(type);
        if (!ref.hasPath(path)) {
            throw new IllegalStateException("reference.conf has no " + path);
        }
        return ref.getConfig(path);
    }

    /** Validates {@code spec} (already preset-resolved, type {@code type}) against the defaults of {@code type}. */
    public static BackboneOptions of(String type, ComponentSpec spec) {
        Config defaults = defaults(type);
        Set<String> valid = new TreeSet<>(defaults.root().keySet());
        for (String key : spec.params().root().keySet()) {
            if (key.equals("type") || valid.contains(key)) {
                continue;
            }
            ConfigValue v = spec.params().root().get(key);
            ConfigOrigin origin = v.origin() != null ? v.origin() : spec.origin();
            throw new ConfigException.BadValue(origin, spec.path() + "." + key,
                    "unknown option '" + key + "' for backbone " + type + " (at " + origin.description()
                            + "); did you mean '" + nearest(key, valid) + "'? Valid options: " + String.join(", ", valid));
        }
        return new BackboneOptions(type, spec, spec.params().withFallback(defaults));
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
    public com.typesafe.config.ConfigValueType valueType(String key) {
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

    /** An error about the value of {@code key}, pointing to where it was written. */
    public ConfigException.BadValue bad(String key, String message) {
        ConfigOrigin origin = merged.hasPathOrNull(key) ? merged.getValue(key).origin() : spec.origin();
        return new ConfigException.BadValue(origin, spec.path() + "." + key, message);
    }

    /** The key in {@code valid} with the smallest edit distance to {@code key}. */
    static String nearest(String key, Set<String> valid) {
        return io.dckd.core.config.KeyCheck.closest(key, valid);
    }

}
