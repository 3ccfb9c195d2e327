package io.dckd.core.spi;

import org.pf4j.ExtensionPoint;

/**
 * SPI: builds one architecture (RCAN, SwinIR, ...) from a component spec.
 *
 * <p>Built-ins are registered with {@code provides io.dckd.core.spi.BackboneFactory with ...} in
 * {@code module-info.java} (and {@code META-INF/services} for the class path); plugins mark their
 * implementation {@code @Extension}. {@link #type()} must be cheap: it is read at start-up for every
 * factory, while {@link #create} runs only for the chosen one.
 */
public interface BackboneFactory extends ExtensionPoint {

    /** The registry key, e.g. {@code RCAN}. Plugins use {@code <plugin-id>:<Name>}. */
    String type();

    /**
     * Builds the network described by {@code spec} (parameters not yet initialised; the caller
     * initialises the block with the input shape). Unknown or ill-typed keys are errors that name
     * the key and {@code spec.origin()}.
     */
    Backbone create(ComponentSpec spec);

    /** One line for listings: what this architecture is. */
    default String description() {
        return type();
    }
}
