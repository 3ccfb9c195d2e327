package io.dckd.losses;

import com.typesafe.config.ConfigException;
import io.dckd.core.spi.LossTerm;
import java.util.Collections;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The built-in {@link LossTerm}s of this module, found through {@link ServiceLoader} (module path:
 * {@code provides} in module-info; class path: {@code META-INF/services}), and a BasicSR-style
 * lookup for tests and tools that run without the launcher's Guice registry.
 */
public final class LossTerms {

    private LossTerms() {}

    /** Every {@link LossTerm} visible to this module's class loader, by {@link LossTerm#type()}. */
    public static Map<String, LossTerm> builtIn() {
        Map<String, LossTerm> out = new TreeMap<>();
        for (LossTerm t : ServiceLoader.load(LossTerm.class, LossTerms.class.getClassLoader())) {
            LossTerm previous = out.put(t.type(), t);
            if (previous != null && previous.getClass() != t.getClass()) {
                throw new IllegalStateException("two loss terms are named '" + t.type() + "': "
                        + previous.getClass().getName() + " and " + t.getClass().getName());
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** A lookup over {@code terms} that fails with the registry's names for an unknown type. */
    public static Function<String, LossTerm> registry(Map<String, LossTerm> terms) {
        return type -> {
            LossTerm t = terms.get(type);
            if (t == null) {
                throw new ConfigException.Generic("No object named '" + type + "' was found in the 'loss' registry;"
                        + " known: " + new TreeSet<>(terms.keySet()));
            }
            return t;
        };
    }
}
