package io.dckd.core.spi;

import org.pf4j.ExtensionPoint;

/**
 * SPI: a loss component such as {@code L1Loss}, {@code ContrasLoss} or {@code CELoss}, configured by
 * an optional {@code *_opt} section ({@code pixel_opt { type = L1Loss, loss_weight = 1.0 }}).
 *
 * <p>The objective is the weighted sum of every configured term:
 * {@code L = Σ_t loss_weight_t · term_t(context)}.
 */
public interface LossTerm extends ExtensionPoint {

    /** The registry key, e.g. {@code L1Loss}. */
    String type();

    /**
     * Builds the term for the section {@code spec.path()} (e.g. {@code pixel_opt}); the section's
     * name decides by default which tensors are compared (see {@link WeightedTerm#inputs()}).
     */
    WeightedTerm create(ComponentSpec spec);

    /** One line for listings. */
    default String description() {
        return type();
    }
}
