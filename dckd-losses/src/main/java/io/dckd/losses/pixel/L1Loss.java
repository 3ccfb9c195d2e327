package io.dckd.losses.pixel;

/**
 * BasicSR L1Loss: mean |pred − target| over all elements.
 * Options and tensor selection: {@link PixelLossFactory}; defaults: {@code dckd.losses.L1Loss}.
 */
public final class L1Loss extends PixelLossFactory {

    /** Registry entry {@code L1Loss}. */
    public L1Loss() {
        super("L1Loss", PixelCriterion.L1);
    }
}
