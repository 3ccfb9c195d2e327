package io.dckd.core.registry;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the plugin whose code threw: the first stack frame (through the whole cause chain) whose
 * class was defined by a plugin's class loader, as PF4J's {@code PluginManager.whichPlugin(Class)}
 * does, but from the registries' origins, so core code needs no plugin manager. Built-in
 * components are never blamed.
 */
public final class PluginBlame {

    private final Map<ClassLoader, Origin> loaders = new IdentityHashMap<>();

    /** The plugin class loaders of every plugin component in {@code components}. */
    public PluginBlame(Components components) {
        for (ComponentRegistry<?> r : components.all().values()) {
            for (Registered<?> e : r.entries()) {
                if (e.origin().isPlugin() && e.component() != null) {
                    ClassLoader l = e.component().getClass().getClassLoader();
                    if (l != null && l != PluginBlame.class.getClassLoader()) {
                        loaders.putIfAbsent(l, e.origin());
                    }
                }
            }
        }
    }

    /** The origin of the plugin whose class appears first in {@code t}'s stack traces, if any. */
    public Optional<Origin> culprit(Throwable t) {
        if (loaders.isEmpty()) {
            return Optional.empty();
        }
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable c = t; c != null && seen.add(c); c = c.getCause()) {
            for (StackTraceElement f : c.getStackTrace()) {
                for (Map.Entry<ClassLoader, Origin> e : loaders.entrySet()) {
                    if (definedBy(f.getClassName(), e.getKey())) {
                        return Optional.of(e.getValue());
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static boolean definedBy(String className, ClassLoader loader) {
        try {
            return Class.forName(className, false, loader).getClassLoader() == loader;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
