package io.dckd.core.spi;

import org.pf4j.ExtensionPoint;

/**
 * SPI: one restoration task ({@code sr}, {@code deblur}, {@code derain}, {@code denoise}): how
 * degraded inputs are made, which datasets feed it, how results are measured.
 *
 * <p>The config section is the root {@code task { type = sr, scale = 4, ... }}.
 */
public interface Task extends ExtensionPoint {

    /** The registry key, e.g. {@code sr}. */
    String type();

    /** Builds the task from its config section. */
    RestorationTask create(ComponentSpec spec);

    /** One line for listings. */
    default String description() {
        return type();
    }
}
