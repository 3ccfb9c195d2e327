package io.dckd.launcher;

import ai.djl.engine.Engine;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.dckd.core.registry.ComponentDiscovery;
import io.dckd.core.registry.Components;
import io.dckd.core.registry.ComponentsModule;
import io.dckd.core.registry.PluginContribution;
import io.dckd.core.registry.Registered;
import io.dckd.core.registry.Spi;
import io.dckd.launcher.plugins.PluginHost;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * The running application: the native engine, the plugins, the merged reference configuration
 * and the component registries from one root Guice injector.
 */
public final class DckdApp implements AutoCloseable {

    private final Path home;
    private final PluginHost plugins;
    private final Config reference;
    private final Components components;
    private final Injector injector;

    private DckdApp(Path home, PluginHost plugins, Config reference, Components components, Injector injector) {
        this.home = home;
        this.plugins = plugins;
        this.reference = reference;
        this.components = components;
        this.injector = injector;
    }

    /**
     * Starts dckd: engine first (DJL discovers its engine once, with the thread's class loader),
     * then plugins from {@code pluginsDir} (or {@code dckd.plugins.dir}), then the registries.
     */
    public static DckdApp start(Path home, Path pluginsDir) {
        Offline.configure();
        Engine.getInstance();
        // reference.conf files only: defaultReference() would also pull in every system property
        Config builtInReference = ConfigFactory.parseMap(Map.of("dckd.home", home.toAbsolutePath().normalize().toString()), "--home")
                .withFallback(ConfigFactory.parseResourcesAnySyntax(DckdApp.class.getClassLoader(), "reference.conf"))
                .resolve();
        Config dckd = builtInReference.getConfig("dckd.plugins");
        Path dir = pluginsDir != null ? pluginsDir : home.resolve("plugins");
        PluginHost host = new PluginHost(dir, Version.current(), new HashSet<>(dckd.getStringList("disabled")),
                new HashSet<>(dckd.getStringList("default_providers")));
        Config reference = builtInReference.withFallback(host.references()).resolve();
        ClassLoader loader = DckdApp.class.getModule().isNamed() ? null : DckdApp.class.getClassLoader();
        Map<Spi, List<Registered<Object>>> builtIns = ComponentDiscovery.builtIns(loader);
        List<PluginContribution> contributions = host.contributions();
        var merged = ComponentDiscovery.merge(builtIns, contributions);
        Config presets = reference.hasPath("dckd.presets") ? reference.getConfig("dckd.presets") : ConfigFactory.empty();
        Injector injector = Guice.createInjector(new ComponentsModule(merged, presets, host.failures()));
        Components components = injector.getInstance(Components.class);
        return new DckdApp(home, host, reference, components, injector);
    }

    public Path home() {
        return home;
    }

    /** Built-in and plugin reference configs, merged and resolved. */
    public Config reference() {
        return reference;
    }

    public Components components() {
        return components;
    }

    public PluginHost plugins() {
        return plugins;
    }

    public Injector injector() {
        return injector;
    }

    @Override
    public void close() {
        plugins.close();
    }
}
