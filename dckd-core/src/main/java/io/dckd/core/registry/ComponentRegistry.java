package io.dckd.core.registry;

import io.dckd.core.spi.ComponentSpec;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The components of one SPI by name, with their origins. Lookups of unknown names fail with the
 * config key, its file:line and the names that exist (BasicSR's registry error, with locations).
 *
 * @param <T> the SPI type
 */
public final class ComponentRegistry<T> {

    private final String kind;
    private final Map<String, Registered<T>> byName;
    private final Function<String, String> unavailableReason;

    /**
     * @param kind what the registry holds, for messages ("backbone", "loss term", ...)
     * @param entries the components; names must be unique (checked by {@link RegistryBuilder})
     * @param unavailableReason for a missing name, why a plugin that might have provided it is not loaded, or null
     */
    public ComponentRegistry(String kind, Collection<Registered<T>> entries, Function<String, String> unavailableReason) {
        this.kind = kind;
        Map<String, Registered<T>> m = new TreeMap<>();
        for (Registered<T> r : entries) {
            m.put(r.name(), r);
        }
        this.byName = Collections.unmodifiableMap(m);
        this.unavailableReason = unavailableReason;
    }

    /** What this registry holds ("backbone", ...). */
    public String kind() {
        return kind;
    }

    /** The component named by {@code spec.type()}, or an {@link UnknownComponentException}. */
    public T get(ComponentSpec spec) {
        Registered<T> r = byName.get(spec.type());
        if (r == null) {
            String extra = unavailableReason == null ? null : unavailableReason.apply(spec.type());
            throw new UnknownComponentException(spec, kind, byName.keySet(), extra);
        }
        return r.component();
    }

    /** True if {@code name} is registered. */
    public boolean contains(String name) {
        return byName.containsKey(name);
    }

    /** Every entry, sorted by name. */
    public List<Registered<T>> entries() {
        return List.copyOf(byName.values());
    }

    /** The names, sorted. */
    public Set<String> names() {
        return byName.keySet();
    }
}
