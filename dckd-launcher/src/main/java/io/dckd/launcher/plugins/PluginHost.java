package io.dckd.launcher.plugins;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.dckd.core.registry.PluginContribution;
import io.dckd.core.registry.PluginFailure;
import io.dckd.core.registry.Spi;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.pf4j.DefaultPluginManager;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginManager;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads and starts the PF4J plugins of a folder, one jar at a time, so that a broken plugin is
 * reported with its id and reason and the others still load. A plugin whose {@code Plugin-Requires}
 * does not accept this dckd version is refused with both versions named.
 */
public final class PluginHost implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PluginHost.class);
    private final PluginManager manager;
    private final List<PluginContribution> contributions = new ArrayList<>();
    private final List<PluginFailure> failures = new ArrayList<>();

    /**
     * @param dir the plugins folder (missing = no plugins)
     * @param systemVersion this dckd's version, checked against each plugin's Plugin-Requires
     * @param disabled plugin ids not to load
     * @param defaultProviders plugin ids whose names are registered without the {@code id:} prefix
     */
    public PluginHost(Path dir, String systemVersion, Set<String> disabled, Set<String> defaultProviders) {
        this.manager = new DefaultPluginManager(dir);
        manager.setSystemVersion(systemVersion);
        if (!Files.isDirectory(dir)) {
            LOG.debug("no plugins folder at {}", dir.toAbsolutePath());
            return;
        }
        List<Path> jars;
        try (Stream<Path> s = Files.list(dir)) {
            jars = s.filter(p -> p.getFileName().toString().endsWith(".jar") || p.getFileName().toString().endsWith(".zip")).sorted().toList();
        } catch (IOException e) {
            failures.add(new PluginFailure("?", dir.toString(), "cannot list the plugins folder: " + e.getMessage()));
            return;
        }
        for (Path jar : jars) {
            load(jar, disabled);
        }
        for (PluginWrapper w : List.copyOf(manager.getPlugins())) {
            if (w.getPluginState() != PluginState.RESOLVED) {
                continue;
            }
            PluginState state;
            try {
                state = manager.startPlugin(w.getPluginId());
            } catch (RuntimeException e) {
                fail(w, "failed to start: " + rootMessage(e));
                continue;
            }
            if (state != PluginState.STARTED) {
                Throwable t = w.getFailedException();
                fail(w, "failed to start" + (t == null ? " (state " + state + ")" : ": " + rootMessage(t)));
                continue;
            }
            collect(w, defaultProviders.contains(w.getPluginId()));
        }
    }

    private void load(Path jar, Set<String> disabled) {
        String id;
        try {
            id = manager.loadPlugin(jar);
        } catch (RuntimeException e) {
            failures.add(new PluginFailure(jar.getFileName().toString(), jar.toString(), "failed to load: " + rootMessage(e)));
            return;
        }
        if (id == null) {
            failures.add(new PluginFailure(jar.getFileName().toString(), jar.toString(), "not a plugin (no descriptor)"));
            return;
        }
        PluginWrapper w = manager.getPlugin(id);
        PluginDescriptor d = w.getDescriptor();
        if (disabled.contains(id)) {
            manager.unloadPlugin(id);
            LOG.info("plugin {} disabled by dckd.plugins.disabled", id);
            return;
        }
        if (w.getPluginState() == PluginState.DISABLED || !manager.getVersionManager().checkVersionConstraint(manager.getSystemVersion(), d.getRequires())) {
            fail(w, "requires dckd " + d.getRequires() + " but this is dckd " + manager.getSystemVersion());
            manager.unloadPlugin(id);
        } else if (w.getPluginState() != PluginState.RESOLVED) {
            fail(w, "not resolved (state " + w.getPluginState() + ")");
        }
    }

    private void collect(PluginWrapper w, boolean defaultProvider) {
        String id = w.getPluginId();
        Map<Spi, List<Object>> ext = new EnumMap<>(Spi.class);
        try {
            for (Spi spi : Spi.values()) {
                List<Object> instances = new ArrayList<>();
                for (Class<?> cls : manager.getExtensionClasses(spi.type(), id)) {
                    Object instance = manager.getExtensionFactory().create(cls);
                    if (instance == null) {
                        throw new IllegalStateException("cannot create extension " + cls.getName());
                    }
                    spi.nameOf(instance); // a type() that throws is a broken plugin
                    instances.add(instance);
                }
                ext.put(spi, instances);
            }
        } catch (RuntimeException | LinkageError e) {
            fail(w, "extension failed: " + rootMessage(e));
            return;
        }
        Config reference = ConfigFactory.empty();
        try {
            URL url = w.getPluginClassLoader() instanceof URLClassLoader u ? u.findResource("reference.conf") : null;
            if (url != null) {
                reference = ConfigFactory.parseURL(url);
            }
        } catch (RuntimeException e) {
            fail(w, "bad reference.conf: " + rootMessage(e));
            return;
        }
        contributions.add(new PluginContribution(id, w.getDescriptor().getVersion(), w.getPluginPath().getFileName().toString(),
                ext, reference, defaultProvider));
        LOG.debug("plugin {}@{} started", id, w.getDescriptor().getVersion());
    }

    private void fail(PluginWrapper w, String reason) {
        PluginFailure f = new PluginFailure(w.getPluginId(), w.getPluginPath().getFileName().toString(), reason);
        failures.add(f);
        LOG.warn("{}", f);
    }

    private static String rootMessage(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        String m = r.getMessage();
        return r.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    /** Plugins that started, with their extensions. */
    public List<PluginContribution> contributions() {
        return List.copyOf(contributions);
    }

    /** Plugins that failed to load or start. */
    public List<PluginFailure> failures() {
        return List.copyOf(failures);
    }

    /** Every plugin's reference.conf merged (first plugin wins on conflicts). */
    public Config references() {
        Config c = ConfigFactory.empty();
        for (PluginContribution p : contributions) {
            c = c.withFallback(p.reference());
        }
        return c;
    }

    @Override
    public void close() {
        try {
            manager.stopPlugins();
        } catch (RuntimeException e) {
            LOG.debug("stopping plugins: {}", e.getMessage());
        }
    }
}
