package io.dckd.core.config;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The allowed values of one numeric option, parsed from a spec such as {@code "int >= 1"},
 * {@code "number > 0"} or {@code "number in [0, 1)"}. Typesafe Config's {@code getInt} truncates
 * 1.5 to 1 and its {@code getDouble} happily returns NaN, so ranges are checked on the value as
 * written, before any component reads it.
 *
 * <p>Kinds: {@code int} (a whole number that fits 32 bits), {@code long} (64 bits) and
 * {@code number} (any finite number). Bounds: {@code >= a}, {@code > a}, {@code <= b}, {@code < b},
 * or {@code in [a, b]} with {@code (} / {@code )} for open ends.
 */
public final class NumberRange {

    private static final Pattern SPEC = Pattern.compile(
            "\\s*(int|long|number)\\s*(?:(>=|>|<=|<)\\s*(\\S+)|in\\s*([\\[(])\\s*([^,\\s]+)\\s*,\\s*([^\\])\\s]+)\\s*([\\])]))?\\s*");

    private final String spec;
    private final String kind;
    private final double lo;
    private final boolean loOpen;
    private final double hi;
    private final boolean hiOpen;

    private NumberRange(String spec, String kind, double lo, boolean loOpen, double hi, boolean hiOpen) {
        this.spec = spec;
        this.kind = kind;
        this.lo = lo;
        this.loOpen = loOpen;
        this.hi = hi;
        this.hiOpen = hiOpen;
    }

    /** Parses a spec; a malformed one is a defect of a reference.conf, hence IllegalArgumentException. */
    public static NumberRange parse(String spec) {
        Matcher m = SPEC.matcher(spec);
        if (!m.matches()) {
            throw new IllegalArgumentException("malformed range spec '" + spec + "' (e.g. \"int >= 1\", \"number in [0, 1)\")");
        }
        String kind = m.group(1);
        double lo = Double.NEGATIVE_INFINITY;
        double hi = Double.POSITIVE_INFINITY;
        boolean loOpen = false;
        boolean hiOpen = false;
        if (m.group(2) != null) {
            double v = Double.parseDouble(m.group(3));
            switch (m.group(2)) {
                case ">=" -> lo = v;
                case ">" -> { lo = v; loOpen = true; }
                case "<=" -> hi = v;
                default -> { hi = v; hiOpen = true; }
            }
        } else if (m.group(4) != null) {
            lo = Double.parseDouble(m.group(5));
            hi = Double.parseDouble(m.group(6));
            loOpen = m.group(4).equals("(");
            hiOpen = m.group(7).equals(")");
        }
        return new NumberRange(spec.trim(), kind, lo, loOpen, hi, hiOpen);
    }

    /** What the value must be, e.g. {@code an integer >= 1}. */
    public String describe() {
        String what = kind.equals("number") ? "a number" : "an integer";
        String bounds = spec.substring(spec.indexOf(kind) + kind.length()).trim();
        return bounds.isEmpty() ? what : what + " " + bounds;
    }

    /**
     * Checks {@code value} (a number, a numeric string, or a list of them; null is "not set") and
     * throws a {@link ConfigProblem} naming {@code key}, the value, its file:line and this range.
     */
    public void check(String key, ConfigValue value) {
        if (value == null || value.valueType() == ConfigValueType.NULL) {
            return;
        }
        if (value.valueType() == ConfigValueType.LIST) {
            int i = 0;
            for (ConfigValue element : (ConfigList) value) {
                checkOne(key + "[" + i++ + "]", element);
            }
            return;
        }
        checkOne(key, value);
    }

    private void checkOne(String key, ConfigValue value) {
        Double d = numberOf(value);
        if (d == null) {
            throw problem(key, value, "is not a number");
        }
        if (!Double.isFinite(d)) {
            throw problem(key, value, "is not a finite number");
        }
        if (!kind.equals("number")) {
            if (d != Math.rint(d)) {
                throw problem(key, value, "is not an integer");
            }
            double max = kind.equals("int") ? Integer.MAX_VALUE : Long.MAX_VALUE;
            double min = kind.equals("int") ? Integer.MIN_VALUE : Long.MIN_VALUE;
            if (d > max || d < min) {
                throw problem(key, value, "does not fit a " + (kind.equals("int") ? "32" : "64") + "-bit integer");
            }
        }
        boolean below = loOpen ? d <= lo : d < lo;
        boolean above = hiOpen ? d >= hi : d > hi;
        if (below || above) {
            throw problem(key, value, "is out of range");
        }
    }

    /** The number a value stands for, as Typesafe Config would read it; null if it is none. */
    static Double numberOf(ConfigValue value) {
        Object raw = value.unwrapped();
        if (raw instanceof Number n) {
            return n.doubleValue();
        }
        if (value.valueType() == ConfigValueType.STRING) {
            try {
                return Double.parseDouble(((String) raw).trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private ConfigProblem problem(String key, ConfigValue value, String what) {
        return new ConfigProblem("key " + key + " = " + value.render(ConfigRenderOptions.concise()) + " at "
                + Locations.of(value.origin()) + " " + what + ": must be " + describe());
    }

    @Override
    public String toString() {
        return spec;
    }
}
