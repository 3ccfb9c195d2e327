package io.dckd.losses.pixel;

/**
 * BasicSR MSELoss: mean (pred − target)² over all elements.
 * Options and tensor selection: {@link PixelLossFactory}; defaults: {@code dckd.losses.MSELoss}.
 */
public final class MSELoss extends PixelLossFactory {

    /** Registry entry {@code MSELoss}. */
    public MSELoss() {
        super("MSELoss", PixelCriterion.MSE);
    }
}
