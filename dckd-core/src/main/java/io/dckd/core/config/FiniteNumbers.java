package io.dckd.core.config;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.Map;

/**
 * Refuses NaN, infinities and overflowing literals ({@code 1e999}) anywhere in a config, written as
 * numbers or as strings: Typesafe Config reads {@code "NaN"} as a double when asked for one, and a
 * NaN learning rate trains to a NaN model without a single error.
 */
public final class FiniteNumbers {

    private FiniteNumbers() {}

    /** Throws a {@link ConfigProblem} at the first non-finite number under {@code root}. */
    public static void require(ConfigObject root) {
        walk(root, "");
    }

    private static void walk(ConfigValue value, String path) {
        if (value instanceof ConfigObject o) {
            for (Map.Entry<String, ConfigValue> e : o.entrySet()) {
                walk(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey());
            }
        } else if (value instanceof ConfigList l) {
            for (int i = 0; i < l.size(); i++) {
                walk(l.get(i), path + "[" + i + "]");
            }
        } else if (isNonFinite(value)) {
            throw new ConfigProblem("key " + path + " = " + value.render(ConfigRenderOptions.concise()) + " at "
                    + Locations.of(value.origin()) + " is not a finite number (NaN, infinities and numbers too large for a double are refused)");
        }
    }

    /** A number, or a string Typesafe Config would read as one, that is NaN or infinite. */
    static boolean isNonFinite(ConfigValue value) {
        if (value.valueType() != ConfigValueType.NUMBER && value.valueType() != ConfigValueType.STRING) {
            return false;
        }
        Double d = NumberRange.numberOf(value);
        return d != null && !Double.isFinite(d);
    }
}
