package io.dckd.core.registry;

import com.google.inject.AbstractModule;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.MapBinder;
import com.google.inject.util.Types;
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
 * The root Guice module: one {@link MapBinder} per SPI of {@link Registered} components, built-ins and
 * plugin extensions (each binding's source is its origin, so Guice's own messages name it too), the
 * presets and the plugins that failed. {@link Components} is built by the injector from those
 * bindings; nothing else holds a second copy.
 */
public final class ComponentsModule extends AbstractModule {

    private final Map<Spi, Map<String, Registered<Object>>> merged;
    private final Presets presets;
    private final List<PluginFailure> failures;

    /**
     * @param merged the output of {@link ComponentDiscovery#merge} (names already unique)
     * @param presets the {@code dckd.presets} table
     * @param failures plugins that failed, for error messages
     */
    public ComponentsModule(Map<Spi, Map<String, Registered<Object>>> merged, Config presets, List<PluginFailure> failures) {
        this.merged = merged;
        this.presets = Presets.of(presets);
        this.failures = List.copyOf(failures);
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
        bind(Presets.class).toInstance(presets);
        bind(new TypeLiteral<List<PluginFailure>>() { }).toInstance(failures);
        bind(Components.class).asEagerSingleton();
    }

    @SuppressWarnings("unchecked")
    private <T> void bindAll(Spi spi, Class<T> type) {
        TypeLiteral<Registered<T>> registered = (TypeLiteral<Registered<T>>) TypeLiteral.get(Types.newParameterizedType(Registered.class, type));
        MapBinder.newMapBinder(binder(), TypeLiteral.get(String.class), registered); // an empty registry is still injectable
        for (Registered<Object> r : merged.getOrDefault(spi, Map.of()).values()) {
            MapBinder.newMapBinder(binder().withSource(r.origin().toString()), TypeLiteral.get(String.class), registered)
                    .addBinding(r.name()).toInstance(new Registered<>(r.name(), type.cast(r.component()), r.origin()));
        }
    }
}
