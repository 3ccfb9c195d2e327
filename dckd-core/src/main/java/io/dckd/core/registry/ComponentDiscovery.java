package io.dckd.core.registry;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects every component, per SPI: built-ins from {@link ServiceLoader} (module {@code provides}
 * or {@code META-INF/services}) and extensions of started plugins. Fails on a name claimed twice,
 * naming both origins.
 */
public final class ComponentDiscovery {

    private static final Logger LOG = LoggerFactory.getLogger(ComponentDiscovery.class);

    private ComponentDiscovery() {}

    /** Built-ins visible to {@code loader} (the class path or the boot module layer). */
    public static Map<Spi, List<Registered<Object>>> builtIns(ClassLoader loader) {
        Map<Spi, List<Registered<Object>>> out = new EnumMap<>(Spi.class);
        for (Spi spi : Spi.values()) {
            List<Registered<Object>> list = new ArrayList<>();
            ServiceLoader<?> sl = loader == null
                    ? ServiceLoader.load(ModuleLayer.boot(), spi.type())
                    : ServiceLoader.load(spi.type(), loader);
            for (Object c : sl) {
                list.add(new Registered<>(spi.nameOf(c), c, Origin.builtIn(c.getClass())));
            }
            out.put(spi, list);
        }
        return out;
    }

    /**
     * Merges built-ins and plugin contributions into one name → component map per SPI.
     * A plugin's names get the {@code id:} prefix unless it is a default provider.
     *
     * @throws DuplicateComponentException if two components share a name within one SPI
     */
    public static Map<Spi, Map<String, Registered<Object>>> merge(Map<Spi, List<Registered<Object>>> builtIns,
                                                                 List<PluginContribution> plugins) {
        Map<Spi, Map<String, Registered<Object>>> out = new EnumMap<>(Spi.class);
        for (Spi spi : Spi.values()) {
            Map<String, Registered<Object>> byName = new LinkedHashMap<>();
            for (Registered<Object> r : builtIns.getOrDefault(spi, List.of())) {
                put(spi, byName, r);
            }
            for (PluginContribution p : plugins) {
                for (Object c : p.extensions().getOrDefault(spi, List.of())) {
                    String base = spi.nameOf(c);
                    String name = p.defaultProvider() || base.startsWith(p.id() + ":") ? base : p.id() + ":" + base;
                    put(spi, byName, new Registered<>(name, c, p.origin()));
                }
            }
            out.put(spi, byName);
            LOG.debug("{} registry: {}", spi.kind(), byName.keySet());
        }
        return out;
    }

    private static void put(Spi spi, Map<String, Registered<Object>> byName, Registered<Object> r) {
        Registered<Object> prev = byName.putIfAbsent(r.name(), r);
        if (prev != null) {
            if (prev.component().getClass() == r.component().getClass() && prev.origin().equals(r.origin())) {
                return; // the same class seen twice through one loader (class path + module path): harmless
            }
            throw new DuplicateComponentException(spi.kind(), r.name(), prev.origin(), r.origin());
        }
    }
}
