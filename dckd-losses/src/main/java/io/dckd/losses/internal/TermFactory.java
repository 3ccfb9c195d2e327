package io.dckd.losses.internal;

import io.dckd.core.spi.ComponentSpec;
import io.dckd.core.spi.LossTerm;
import io.dckd.core.spi.RegistryEntry;
import io.dckd.core.spi.WeightedTerm;

/**
 * A loss term of this module: the term is built from its section read by {@link TermConfig}
 * against {@code dckd.losses.<type>}.
 */
public abstract class TermFactory extends RegistryEntry implements LossTerm {

    /**
     * @param type the registry key, e.g. {@code CELoss}
     * @param description one line for listings
     */
    protected TermFactory(String type, String description) {
        super(type, description);
    }

    @Override
    public WeightedTerm create(ComponentSpec spec) {
        return build(TermConfig.of(spec, type()));
    }

    /** Builds the term from its checked section. */
    protected abstract WeightedTerm build(TermConfig c);
}
