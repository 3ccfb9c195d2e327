package io.dckd.losses.pixel;

/**
 * BasicSR CharbonnierLoss: mean √((pred − target)² + eps), eps = 1e-12 by default.
 * Options and tensor selection: {@link PixelLossFactory}; defaults: {@code dckd.losses.CharbonnierLoss}.
 */
public final class CharbonnierLoss extends PixelLossFactory {

    /** Registry entry {@code CharbonnierLoss}. */
    public CharbonnierLoss() {
        super("CharbonnierLoss", PixelCriterion.CHARBONNIER);
    }
}
