package io.dckd.backbones.kit;

import io.dckd.core.spi.Backbone;
import io.dckd.core.spi.BackboneFactory;
import io.dckd.core.spi.ComponentSpec;
import io.dckd.core.spi.RegistryEntry;

/**
 * A factory of this module: a network built from the spec's validated {@link BackboneOptions}
 * (presets expanded, see {@link Factories#options}). Subclasses have a public no-argument
 * constructor, as {@link java.util.ServiceLoader} needs.
 */
public abstract class BuiltInBackboneFactory extends RegistryEntry implements BackboneFactory {

    /**
     * @param type the registry key, e.g. {@code RCAN}
     * @param description one line for listings
     */
    protected BuiltInBackboneFactory(String type, String description) {
        super(type, description);
    }

    @Override
    public final Backbone create(ComponentSpec spec) {
        return build(Factories.options(type(), spec));
    }

    /** Builds the network from options already checked against this type's defaults and ranges. */
    protected abstract Backbone build(BackboneOptions o);
}
