package io.dckd.core.registry;

import com.google.inject.Guice;
import com.google.inject.Inject;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.dckd.core.spi.Backbone;
import io.dckd.core.spi.BackboneFactory;
import io.dckd.core.spi.ComponentSpec;
import io.dckd.core.spi.DistributionMapper;
import io.dckd.core.spi.LossTerm;
import io.dckd.core.spi.Metric;
import io.dckd.core.spi.NegativeSampler;
import io.dckd.core.spi.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every registry of the running application, plus backbone presets and the plugins that failed.
 * Built once by Guice from the {@code MapBinder}s of {@link ComponentsModule}.
 */
public final class Components {

    private final ComponentRegistry<BackboneFactory> backbones;
    private final ComponentRegistry<Task> tasks;
    private final ComponentRegistry<Metric> metrics;
    private final ComponentRegistry<LossTerm> losses;
    private final ComponentRegistry<NegativeSampler> negativeSamplers;
    private final ComponentRegistry<DistributionMapper> distributionMappers;
    private final Presets presets;
    private final List<PluginFailure> failures;

    /** The registries of the injector's bindings ({@link ComponentsModule}), in discovery order. */
    @Inject
    Components(Map<String, Registered<BackboneFactory>> backbones, Map<String, Registered<Task>> tasks, Map<String, Registered<Metric>> metrics,
               Map<String, Registered<LossTerm>> losses, Map<String, Registered<NegativeSampler>> samplers,
               Map<String, Registered<DistributionMapper>> mappers, Presets presets, List<PluginFailure> failures) {
        this.failures = List.copyOf(failures);
        this.presets = presets;
        this.backbones = registry(Spi.BACKBONE, backbones);
        this.tasks = registry(Spi.TASK, tasks);
        this.metrics = registry(Spi.METRIC, metrics);
        this.losses = registry(Spi.LOSS, losses);
        this.negativeSamplers = registry(Spi.NEGATIVE_SAMPLER, samplers);
        this.distributionMappers = registry(Spi.DISTRIBUTION_MAPPER, mappers);
    }

    /** Builds the registries through the same module (tests, tools). */
    public static Components of(Map<Spi, Map<String, Registered<Object>>> merged, Config presets, List<PluginFailure> failures) {
        return Guice.createInjector(new ComponentsModule(merged, presets, failures)).getInstance(Components.class);
    }

    private <T> ComponentRegistry<T> registry(Spi spi, Map<String, Registered<T>> bound) {
        return new ComponentRegistry<>(spi.kind(), new ArrayList<>(bound.values()), this::whyUnavailable);
    }

    private String whyUnavailable(String name) {
        int colon = name.indexOf(':');
        String prefix = colon > 0 ? name.substring(0, colon) : null;
        StringBuilder sb = new StringBuilder();
        for (PluginFailure f : failures) {
            if (prefix == null || prefix.equals(f.id())) {
                sb.append(sb.length() == 0 ? "" : "; ").append(f);
            }
        }
        return sb.length() == 0 ? null : "plugins that failed to load: " + sb;
    }

    public ComponentRegistry<BackboneFactory> backbones() {
        return backbones;
    }

    public ComponentRegistry<Task> tasks() {
        return tasks;
    }

    public ComponentRegistry<Metric> metrics() {
        return metrics;
    }

    public ComponentRegistry<LossTerm> losses() {
        return losses;
    }

    public ComponentRegistry<NegativeSampler> negativeSamplers() {
        return negativeSamplers;
    }

    public ComponentRegistry<DistributionMapper> distributionMappers() {
        return distributionMappers;
    }

    /** Plugins that failed to load or start. */
    public List<PluginFailure> failures() {
        return failures;
    }

    /** Every registry, for listings. */
    public Map<Spi, ComponentRegistry<?>> all() {
        Map<Spi, ComponentRegistry<?>> m = new TreeMap<>();
        m.put(Spi.BACKBONE, backbones);
        m.put(Spi.TASK, tasks);
        m.put(Spi.METRIC, metrics);
        m.put(Spi.LOSS, losses);
        m.put(Spi.NEGATIVE_SAMPLER, negativeSamplers);
        m.put(Spi.DISTRIBUTION_MAPPER, distributionMappers);
        return m;
    }

    /** Backbone preset names (e.g. {@code rcan-s}), sorted. */
    public Set<String> presetNames() {
        return presets.names();
    }

    /** The preset's options ({@code type} included). */
    public Config preset(String name) {
        return presets.preset(name);
    }

    /**
     * Resolves a preset: if {@code spec.type()} names a preset, the preset's options become defaults
     * under the user's values and its {@code type} the architecture. Other specs pass unchanged.
     */
    public ComponentSpec resolvePreset(ComponentSpec spec) {
        return presets.resolve(spec);
    }

    /** Builds a backbone from a spec that names an architecture or a preset. */
    public Backbone buildBackbone(ComponentSpec spec) {
        ComponentSpec resolved = resolvePreset(spec);
        BackboneFactory f = backbones.get(resolved);
        Config params = resolved.params().hasPath("preset") ? resolved.params().withoutPath("preset") : resolved.params();
        return f.create(new ComponentSpec(resolved.type(), params, resolved.path()));
    }

    /** An empty preset table. */
    public static Config noPresets() {
        return ConfigFactory.empty();
    }
}
