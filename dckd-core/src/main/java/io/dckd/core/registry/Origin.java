package io.dckd.core.registry;

/**
 * Where a component comes from: a built-in module found by {@code ServiceLoader}, or a PF4J plugin.
 *
 * @param pluginId plugin id, or null for built-ins
 * @param version plugin version, or null
 * @param source the jar or module the class was loaded from
 */
public record Origin(String pluginId, String version, String source) {

    /** A built-in component of {@code cls}. */
    public static Origin builtIn(Class<?> cls) {
        Module m = cls.getModule();
        String where = m.isNamed() ? "module " + m.getName() : jarOf(cls);
        return new Origin(null, null, where);
    }

    /** A component from plugin {@code id@version}. */
    public static Origin plugin(String id, String version, String source) {
        return new Origin(id, version, source);
    }

    /** True for plugin components. */
    public boolean isPlugin() {
        return pluginId != null;
    }

    @Override
    public String toString() {
        return isPlugin() ? pluginId + "@" + version + " (" + source + ")" : "built-in (" + source + ")";
    }

    /** Short form for listings: {@code built-in} or {@code id@version}. */
    public String shortForm() {
        return isPlugin() ? pluginId + "@" + version : "built-in";
    }

    private static String jarOf(Class<?> cls) {
        try {
            var cs = cls.getProtectionDomain().getCodeSource();
            if (cs != null && cs.getLocation() != null) {
                String p = cs.getLocation().getPath();
                return p.substring(p.lastIndexOf('/', p.length() - 2) + 1);
            }
        } catch (SecurityException ignored) {
            // fall through
        }
        return cls.getName();
    }
}
