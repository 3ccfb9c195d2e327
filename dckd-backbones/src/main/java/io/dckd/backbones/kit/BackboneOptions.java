package io.dckd.backbones.kit;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValueType;
import io.dckd.core.config.ComponentOptions;
import io.dckd.core.spi.ComponentSpec;
import java.util.List;

/**
 * The options of one backbone section, read by the core's {@link ComponentOptions}: the user's
 * {@link ComponentSpec#params()} over the architecture's defaults in this module's
 * {@code reference.conf} at {@code dckd.backbones.defaults.<Type>} (the official option names and
 * defaults), numbers checked against {@code dckd.ranges.types.<Type>}. Adds the checks the
 * architectures share (positive sizes) and the list readers they need.
 */
public final class BackboneOptions {

    /** Where the architectures' defaults live in the reference configuration. */
    public static final String DEFAULTS = "dckd.backbones.defaults";

    private final String type;
    private final ComponentOptions options;

    private BackboneOptions(String type, ComponentOptions options) {
        this.type = type;
        this.options = options;
    }

    /** Validates {@code spec} (already preset-resolved, type {@code type}) against the defaults and ranges of {@code type}. */
    public static BackboneOptions of(String type, ComponentSpec spec) {
        ComponentOptions options = ComponentOptions.ofType(ComponentOptions.reference(BackboneOptions.class), DEFAULTS, type)
                .allowing("preset") // recorded by preset expansion, not an option
                .read(spec);
        return new BackboneOptions(type, options);
    }

    /** The architecture name, e.g. {@code RCAN}. */
    public String type() {
        return type;
    }

    /** A whole number (1.5 is refused, not truncated). */
    public int getInt(String key) {
        return options.getInt(key);
    }

    /** A finite number. */
    public double getDouble(String key) {
        return options.getDouble(key);
    }

    /** A finite number as a float. */
    public float getFloat(String key) {
        return (float) options.getDouble(key);
    }

    /** {@code true} or {@code false}. */
    public boolean getBoolean(String key) {
        return options.getBoolean(key);
    }

    /** A string. */
    public String getString(String key) {
        return options.getString(key);
    }

    /** True when {@code key} is declared but set to {@code null}. */
    public boolean isNull(String key) {
        return !options.has(key);
    }

    /** The type of a value (to accept, e.g., an int or a list). */
    public ConfigValueType valueType(String key) {
        return merged().getValue(key).valueType();
    }

    /** A list of ints (a single number is refused: lists such as {@code depths} must be written as lists). */
    public List<Integer> getIntList(String key) {
        return merged().getIntList(key);
    }

    /** A float array option (e.g. {@code rgb_mean}). */
    public float[] getFloatArray(String key) {
        return options.getFloats(key);
    }

    /** An int ≥ 1 at {@code key} (a path such as {@code ddconfig.ch} reaches into a nested section). */
    public int positiveInt(String key) {
        int v = getInt(key);
        if (v < 1) {
            throw bad(key, key + " must be >= 1, got " + v);
        }
        return v;
    }

    /** A list of ints ≥ 1 (≥ 0 with {@code allowZero}) at {@code key}. */
    public int[] positiveInts(String key, boolean allowZero) {
        List<Integer> list = getIntList(key);
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
        return options.bad(key, message);
    }

    private Config merged() {
        return options.config();
    }
}
