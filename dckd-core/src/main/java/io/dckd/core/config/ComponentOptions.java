package io.dckd.core.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A component's options: the user's section over the defaults the component declares in its
 * module's {@code reference.conf}, checked once when read and then read through typed getters.
 *
 * <p>Reading refuses, each time naming the key with its section path and the file:line where it
 * was written:
 * <ul>
 *   <li>a key the defaults do not declare (nested sections too), with the nearest valid key
 *       ("did you mean") and the valid keys ({@link KeyCheck});
 *   <li>a value outside the {@link NumberRange}s declared for the component (its
 *       {@code dckd.ranges.types.<Type>} in the same {@code reference.conf});
 *   <li>on a getter, a value of the wrong type ({@code getInt} refuses 1.5, which Typesafe Config
 *       would truncate to 1).
 * </ul>
 *
 * <p>A default of {@code null} declares an optional key without a value ({@link #has} is false).
 *
 * <p>Example, a backbone reading {@code network_g { type = RCAN, num_feat = 64 }}:
 * <pre>{@code
 * Config reference = ComponentOptions.reference(RcanFactory.class);
 * ComponentOptions o = ComponentOptions.ofType(reference, "dckd.backbones.defaults", "RCAN").read(spec);
 * int numFeat = o.getInt("num_feat");               // user's 64, or the default
 * float[] mean = o.getFloats("rgb_mean");
 * if (numFeat % 4 != 0) {
 *     throw o.bad("num_feat", "must be a multiple of 4, got " + numFeat);
 * }
 * }</pre>
 * A section that is not a typed component (e.g. {@code datasets.train}) is read with
 * {@code ComponentOptions.over(defaults).read(section, "datasets.train")}; a module that keeps its
 * defaults elsewhere names them ({@code over(reference.getConfig("dckd.plugins.fsrcnn.defaults"))})
 * and adds {@link OptionsReader#withRanges} and {@link OptionsReader#allowing} as needed.
 */
public final class ComponentOptions {

    private static final NumberRange INT = NumberRange.parse("int");
    private static final NumberRange LONG = NumberRange.parse("long");
    private static final NumberRange NUMBER = NumberRange.parse("number");

    /** The user's section as written (origins intact), to tell their values from defaults. */
    private final Config user;
    private final Config merged;
    private final String path;

    ComponentOptions(Config user, Config defaults, String path) {
        this.user = user;
        this.merged = user.withFallback(defaults);
        this.path = path;
    }

    /** The merged {@code reference.conf} files visible to {@code owner}'s class loader (resolved). */
    public static Config reference(Class<?> owner) {
        return ConfigFactory.defaultReference(owner.getClassLoader());
    }

    /** A reader of sections over {@code defaults} (no extra keys, no ranges, every nested section checked). */
    public static OptionsReader over(Config defaults) {
        return new OptionsReader(defaults, Set.of(), Set.of(), null);
    }

    /**
     * A reader for components of type {@code type}: defaults at {@code <defaultsRoot>.<type>} of
     * {@code reference}, ranges at {@code dckd.ranges.types.<type>}, and {@code type} allowed.
     *
     * @throws IllegalStateException when {@code reference} declares no defaults for {@code type}
     */
    public static OptionsReader ofType(Config reference, String defaultsRoot, String type) {
        String at = defaultsRoot + "." + ConfigUtil.quoteString(type);
        if (!reference.hasPath(at)) {
            throw new IllegalStateException("reference.conf has no " + at);
        }
        String rangesAt = OptionRanges.ROOT + ".types." + ConfigUtil.quoteString(type);
        ConfigObject ranges = reference.hasPath(rangesAt) ? reference.getConfig(rangesAt).root() : null;
        return over(reference.getConfig(at)).allowing("type").withRanges(ranges);
    }

    /** The merged values (user over defaults), for the range check. */
    Config merged() {
        return merged;
    }

    /** The section's config path, e.g. {@code network_g}. */
    public String path() {
        return path;
    }

    /** Where the user's section was written. */
    public ConfigOrigin origin() {
        return user.origin();
    }

    /** A whole number that fits 32 bits (1.5 and "abc" are refused, not truncated). */
    public int getInt(String key) {
        return scalar(key, INT).getInt(key);
    }

    /** A whole number that fits 64 bits. */
    public long getLong(String key) {
        return scalar(key, LONG).getLong(key);
    }

    /** A finite number. */
    public double getDouble(String key) {
        return scalar(key, NUMBER).getDouble(key);
    }

    /** True when {@code key} has a value (the user's or a non-null default). */
    public boolean has(String key) {
        return merged.hasPath(key);
    }

    /** {@code true} or {@code false}. */
    public boolean getBoolean(String key) {
        return typed(key, merged::getBoolean, "is not a boolean (true or false)");
    }

    /** True when the user's section sets {@code key} to a non-null value. */
    public boolean userSet(String key) {
        return user.hasPath(key);
    }

    /** A string (numbers and booleans are read as written). */
    public String getString(String key) {
        return typed(key, merged::getString, "is not a string");
    }

    /** The user's values over the defaults, for what the typed getters do not cover. */
    public Config config() {
        return merged;
    }

    /** A string, or empty when the key is null or absent. */
    public Optional<String> optString(String key) {
        return has(key) ? Optional.of(getString(key)) : Optional.empty();
    }

    /** One of {@code allowed}; anything else is an error listing them. */
    public String oneOf(String key, Collection<String> allowed) {
        String v = getString(key);
        if (!allowed.contains(v)) {
            throw bad(key, "expected one of " + allowed + ", found '" + v + "'");
        }
        return v;
    }

    /** Numbers: a list of them, or a single number as a one-element list. */
    public double[] getDoubles(String key) {
        return numbers(key, NUMBER).stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Numbers as floats (e.g. {@code rgb_mean}): a list, or a single number. */
    public float[] getFloats(String key) {
        double[] d = getDoubles(key);
        float[] out = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = (float) d[i];
        }
        return out;
    }

    /** Whole numbers (32 bits): a list of them, or a single one. */
    public int[] getInts(String key) {
        return numbers(key, INT).stream().mapToInt(Double::intValue).toArray();
    }

    /** Strings: a list of them, or a single one. */
    public List<String> getStrings(String key) {
        ConfigValue v = value(key);
        return v.valueType() == ConfigValueType.LIST ? typed(key, merged::getStringList, "is not a list of strings")
                : List.of(getString(key));
    }

    /** A closed interval {@code [low, high]} with {@code low <= high}; a single number {@code v} means {@code [v, v]}. */
    public double[] interval(String key) {
        double[] d = getDoubles(key);
        if (d.length == 1) {
            return new double[] {d[0], d[0]};
        }
        if (d.length != 2 || d[0] > d[1]) {
            throw bad(key, "must be [low, high] with low <= high, got " + render(value(key)));
        }
        return d;
    }

    /**
     * An error about the value of {@code key}, named by its full path and pointing where the user
     * wrote it (or at the section, for a default).
     */
    public ConfigException.BadValue bad(String key, String message) {
        ConfigOrigin where = user.hasPath(key) ? user.getValue(key).origin() : user.origin();
        return new ConfigException.BadValue(where, name(key), message);
    }

    /**
     * Checks that {@code key} holds one number of {@code kind} (NumberRange alone would accept a
     * list) and returns the merged config to read it from.
     */
    private Config scalar(String key, NumberRange kind) {
        ConfigValue v = value(key);
        if (v.valueType() == ConfigValueType.LIST) {
            throw wrongType(key, "is a list: must be " + kind.describe());
        }
        kind.check(name(key), v);
        return merged;
    }

    private List<Double> numbers(String key, NumberRange kind) {
        ConfigValue v = value(key);
        kind.check(name(key), v);
        return v.valueType() == ConfigValueType.LIST ? typed(key, merged::getDoubleList, "is not a list of numbers")
                : List.of(merged.getDouble(key));
    }

    /** Reads {@code key} with {@code getter}, turning Typesafe Config's WrongType into one naming the path and file:line. */
    private <T> T typed(String key, Function<String, T> getter, String what) {
        try {
            return getter.apply(key);
        } catch (ConfigException.WrongType e) {
            throw wrongType(key, what);
        }
    }

    private ConfigProblem wrongType(String key, String what) {
        ConfigValue v = value(key);
        return new ConfigProblem("key " + name(key) + " = " + render(v) + " at " + Locations.of(v.origin()) + " " + what);
    }

    private ConfigValue value(String key) {
        return merged.getValue(key);
    }

    private String name(String key) {
        return path + "." + key;
    }

    private static String render(ConfigValue v) {
        return v.render(ConfigRenderOptions.concise());
    }
}
