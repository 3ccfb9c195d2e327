package io.dckd.backbones.kit;

import io.dckd.core.spi.Backbone;
import io.dckd.core.spi.BackboneFactory;
import io.dckd.core.spi.ComponentSpec;
import io.dckd.core.spi.RegistryEntry;
import java.util.function.Function;

/**
 * A factory of this module: a network built from the spec's validated {@link BackboneOptions}
 * (presets expanded, see {@link Factories#options}). Subclasses only name the type, describe it and
 * hand over their build function, in a public no-argument constructor, as
 * {@link java.util.ServiceLoader} needs.
 */
public abstract class BuiltInBackboneFactory extends RegistryEntry implements BackboneFactory {

    private final Function<BackboneOptions, Backbone> build;

    /**
     * @param type the registry key, e.g. {@code RCAN}
     * @param description one line for listings
     * @param build the network from options already checked against this type's defaults and ranges
     */
    protected BuiltInBackboneFactory(String type, String description, Function<BackboneOptions, Backbone> build) {
        super(type, description);
        this.build = build;
    }

    @Override
    public final Backbone create(ComponentSpec spec) {
        return build.apply(Factories.options(type(), spec));
    }
}
