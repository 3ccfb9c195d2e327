package io.dckd.core.registry;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.MapBinder;
import com.typesafe.config.Config;
import io.dckd.core.spi.BackboneFactory;
import io.dckd.core.spi.DistributionMapper;
import io.dckd.core.spi.LossTerm;
import io.dckd.core.spi.Metric;
import io.dckd.core.spi.NegativeSampler;
import io.dckd.core.spi.Task;
import java.util.List;
import java.util.Map;

/**
 * The root Guice module: one {@link MapBinder} per SPI filled with built-ins and plugin extensions
 * (each binding's source is its origin, so Guice's own messages name it too), and the
 * {@link Components} built from those maps.
 */
public final class ComponentsModule extends AbstractModule {

    private final Map<Spi, Map<String, Registered<Object>>> merged;
    private final Config presets;
    private final List<PluginFailure> failures;

    /**
     * @param merged the output of {@link ComponentDiscovery#merge} (names already unique)
     * @param presets the {@code dckd.presets} table
     * @param failures plugins that failed, for error messages
     */
    public ComponentsModule(Map<Spi, Map<String, Registered<Object>>> merged, Config presets, List<PluginFailure> failures) {
        this.merged = merged;
        this.presets = presets;
        this.failures = failures;
    }

    @Override
    protected void configure() {
        binder().requireExplicitBindings();
        binder().disableCircularProxies();
        bindAll(Spi.BACKBONE, BackboneFactory.class);
        bindAll(Spi.TASK, Task.class);
        bindAll(Spi.METRIC, Metric.class);
        bindAll(Spi.LOSS, LossTerm.class);
        bindAll(Spi.NEGATIVE_SAMPLER, NegativeSampler.class);
        bindAll(Spi.DISTRIBUTION_MAPPER, DistributionMapper.class);
    }

    private <T> void bindAll(Spi spi, Class<T> type) {
        MapBinder.newMapBinder(binder(), String.class, type); // an empty registry is still injectable
        for (Registered<Object> r : merged.getOrDefault(spi, Map.of()).values()) {
            MapBinder.newMapBinder(binder().withSource(r.origin().toString()), String.class, type)
                    .addBinding(r.name()).toInstance(type.cast(r.component()));
        }
    }

    @Provides
    @Singleton
    Components components(Map<String, BackboneFactory> backbones, Map<String, Task> tasks, Map<String, Metric> metrics,
                          Map<String, LossTerm> losses, Map<String, NegativeSampler> samplers,
                          Map<String, DistributionMapper> mappers) {
        // The maps are the injector's view; origins come from discovery. Both hold the same instances.
        checkSame(Spi.BACKBONE, backbones);
        checkSame(Spi.TASK, tasks);
        checkSame(Spi.METRIC, metrics);
        checkSame(Spi.LOSS, losses);
        checkSame(Spi.NEGATIVE_SAMPLER, samplers);
        checkSame(Spi.DISTRIBUTION_MAPPER, mappers);
        return new Components(merged, presets, failures);
    }

    private void checkSame(Spi spi, Map<String, ?> injected) {
        if (!injected.keySet().equals(merged.getOrDefault(spi, Map.of()).keySet())) {
            throw new IllegalStateException("registry mismatch for " + spi.kind());
        }
    }
}
